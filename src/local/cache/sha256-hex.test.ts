import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { sha256Hex } from "./sha256-hex.js";

describe("sha256Hex", () => {
  it.each([
    ["empty", ""],
    ["ASCII", "version: 1\nregion: eu-west-1\n"],
    ["non-ASCII (hashed as UTF-8)", "région: ü 😀"],
    ["longer than a block", "x".repeat(1000)],
  ])("%s: the same digest as node:crypto", (_what, text) => {
    const expected = createHash("sha256").update(text, "utf8").digest("hex");
    expect(sha256Hex(text)).toBe(expected);
    expect(sha256Hex(Buffer.from(text, "utf8"))).toBe(expected);
  });
});
