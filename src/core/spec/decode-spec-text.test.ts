import { describe, expect, it } from "vitest";
import { SpecError } from "../errors.js";
import { decodeSpecText } from "./decode-spec-text.js";

const utf8 = (text: string) => [...new TextEncoder().encode(text)];

describe("decodeSpecText", () => {
  it("decodes UTF-8, including multi-byte characters", () => {
    const text = "version: 1\n# café ✓ 𝄞\n";
    expect(decodeSpecText(Uint8Array.from(utf8(text)), "crossrole.yaml")).toBe(text);
  });

  it.each<[string, number[], number, number, string]>([
    ["Latin-1 é on line 2", [...utf8("version: 1\n# caf"), 0xe9, 0x0a], 2, 6, "0xE9"],
    ["a lone continuation byte", [...utf8("a: b\nc: d\ne: "), 0x80], 3, 4, "0x80"],
    ["a truncated sequence at the end", [...utf8("a: ✓\nb: "), 0xe2, 0x9c], 2, 4, "0xE2"],
    ["an overlong encoding", [...utf8("a: "), 0xc0, 0xaf], 1, 4, "0xC0"],
    ["a UTF-16 surrogate", [...utf8("é: "), 0xed, 0xa0, 0x80], 1, 4, "0xED"],
    ["a binary file", [0x50, 0x4b, 0x03, 0x04, 0x14, 0x00, 0x08, 0x00, 0xff], 1, 9, "0xFF"],
  ])("%s: located at the first bad byte", (_name, bytes, line, column, hex) => {
    const error = (() => {
      try {
        decodeSpecText(Uint8Array.from(bytes), "crossrole.yaml");
      } catch (e) {
        return e;
      }
      throw new Error("expected a SpecError");
    })();
    expect(error).toBeInstanceOf(SpecError);
    expect((error as SpecError).issues).toEqual([
      {
        location: { file: "crossrole.yaml", line, column },
        path: "",
        message: `is not a text file (byte ${hex} here is not valid UTF-8); a spec is YAML or JSON text in UTF-8`,
      },
    ]);
  });
});
