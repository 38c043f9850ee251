// decodeSpecText asks the native decoder (fatal) first and scans the bytes only to locate a bad one: the two must
// agree, so it refuses exactly the byte strings that are not UTF-8 (node:buffer's isUtf8 as the oracle), and
// decodes the others as TextDecoder does.
import { isUtf8 } from "node:buffer";
import { describe, expect, it } from "vitest";
import { SpecError } from "../../src/core/errors.js";
import { decodeSpecText } from "../../src/core/spec/decode-spec-text.js";
import { seededRandom } from "../support/seeded-random.js";

describe("decodeSpecText on random bytes", () => {
  it("refuses exactly what is not UTF-8, and decodes the rest", () => {
    const next = seededRandom(16);
    // Boundary bytes of RFC 3629's table: lead bytes, the ranges of first continuation bytes, invalid ones.
    const pick = [
      0x0a, 0x41, 0x7f, 0x80, 0x8f, 0x90, 0x9f, 0xa0, 0xbf, 0xc0, 0xc1, 0xc2, 0xdf, 0xe0, 0xed, 0xef, 0xf0,
      0xf4, 0xf5, 0xff,
    ];
    let refused = 0;
    for (let n = 0; n < 20000; n++) {
      const bytes = Uint8Array.from({ length: 1 + (next() % 6) }, () =>
        next() % 10 < 7 ? (pick[next() % pick.length] as number) : next() % 256,
      );
      let threw = false;
      try {
        expect(decodeSpecText(bytes, "crossrole.yaml")).toBe(new TextDecoder().decode(bytes));
      } catch (error) {
        if (!(error instanceof SpecError)) throw error;
        threw = true;
        refused++;
      }
      expect(threw, `bytes ${[...bytes].map((b) => b.toString(16)).join(" ")}`).toBe(!isUtf8(bytes));
    }
    expect(refused).toBeGreaterThan(1000);
  });
});
