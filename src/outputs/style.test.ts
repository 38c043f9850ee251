import { describe, expect, it } from "vitest";
import { ansiStyle, markDiffLine, padStyled, plainStyle, stripStyle, styleFor } from "./style.js";

describe("Style", () => {
  it.each([
    ["good", "\x1b[32mok\x1b[39m"],
    ["warn", "\x1b[33mok\x1b[39m"],
    ["bad", "\x1b[31mok\x1b[39m"],
    ["dim", "\x1b[2mok\x1b[22m"],
    ["strong", "\x1b[1mok\x1b[22m"],
  ] as const)("%s marks with colour on and is the identity with colour off", (mark, coloured) => {
    expect(ansiStyle[mark]("ok")).toBe(coloured);
    expect(plainStyle[mark]("ok")).toBe("ok");
    expect(stripStyle(ansiStyle[mark]("ok"))).toBe("ok");
  });

  it("styleFor picks by the decision", () => {
    expect(styleFor(true)).toBe(ansiStyle);
    expect(styleFor(false)).toBe(plainStyle);
  });

  it("marks each line of a multi-line text on its own, and leaves empty text alone", () => {
    expect(ansiStyle.bad("a\nb")).toBe("\x1b[31ma\x1b[39m\n\x1b[31mb\x1b[39m");
    expect(ansiStyle.bad("")).toBe("");
  });

  it("pads by visible width", () => {
    expect(padStyled(ansiStyle.good("ok"), 4)).toBe(`${ansiStyle.good("ok")}  `);
    expect(padStyled("ok", 4)).toBe("ok  ");
  });

  it.each([
    ["  + role", "  \x1b[32m+ role\x1b[39m"],
    ["    - detach", "    \x1b[31m- detach\x1b[39m"],
    ["  ! not managed", "  \x1b[31m! not managed\x1b[39m"],
    ["  ~ trust policy:", "  \x1b[33m~ trust policy:\x1b[39m"],
    ["  = in sync", "  \x1b[2m= in sync\x1b[22m"],
    ["  note: kept", "  \x1b[2mnote: kept\x1b[22m"],
    ["  IAM calls: CreateRole", "  IAM calls: CreateRole"],
    ["", ""],
  ])("markDiffLine(%j)", (line, coloured) => {
    expect(markDiffLine(line, ansiStyle)).toBe(coloured);
    expect(markDiffLine(line, plainStyle)).toBe(line);
  });
});
