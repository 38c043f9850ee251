import { describe, expect, it } from "vitest";
import { wantsColour } from "./output-style.js";

const tty = { write: () => true, isTTY: true };
const pipe = { write: () => true, isTTY: false };

describe("wantsColour", () => {
  it.each([
    ["a terminal", tty, {}, undefined, true],
    ["a pipe", pipe, {}, undefined, false],
    ["--no-color on a terminal", tty, {}, true, false],
    ["NO_COLOR=1 on a terminal", tty, { NO_COLOR: "1" }, undefined, false],
    ["NO_COLOR empty on a terminal (ignored, no-color.org)", tty, { NO_COLOR: "" }, undefined, true],
    ["FORCE_COLOR=1 in a pipe", pipe, { FORCE_COLOR: "1" }, undefined, true],
    ["FORCE_COLOR empty in a pipe", pipe, { FORCE_COLOR: "" }, undefined, true],
    ["FORCE_COLOR=0 on a terminal", tty, { FORCE_COLOR: "0" }, undefined, false],
    ["FORCE_COLOR=false on a terminal", tty, { FORCE_COLOR: "false" }, undefined, false],
    ["NO_COLOR beats FORCE_COLOR", pipe, { NO_COLOR: "1", FORCE_COLOR: "1" }, undefined, false],
    ["--no-color beats FORCE_COLOR", pipe, { FORCE_COLOR: "1" }, true, false],
    ["TERM=dumb on a terminal", tty, { TERM: "dumb" }, undefined, false],
    ["FORCE_COLOR beats TERM=dumb", tty, { TERM: "dumb", FORCE_COLOR: "1" }, undefined, true],
  ])("%s", (_, stream, env, flag, expected) => {
    expect(wantsColour(stream, env as Record<string, string>, flag)).toBe(expected);
  });
});
