import { createHash, createHmac, randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { hmacSha256Hex, sha256 } from "./hmac-sha256.js";

describe("sha256", () => {
  it("matches node:crypto for every length 0..300 (every padding case and block boundary) and large inputs", () => {
    for (const length of [...Array.from({ length: 301 }, (_, i) => i), 1000, 4095, 4096, 65_537]) {
      const data = randomBytes(length);
      expect(Buffer.from(sha256(data)).toString("hex"), `length ${length}`).toBe(
        createHash("sha256").update(data).digest("hex"),
      );
    }
  });

  it.each([
    ["", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"],
    ["abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"],
  ])("FIPS 180-4 example %j", (text, digest) => {
    expect(Buffer.from(sha256(Buffer.from(text))).toString("hex")).toBe(digest);
  });
});

describe("hmacSha256Hex", () => {
  // RFC 4231, test cases 2 and 6 (6: a key longer than the block, hashed first).
  it.each([
    [
      "Jefe",
      "what do ya want for nothing?",
      "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843",
    ],
    [
      "\xaa".repeat(131),
      "Test Using Larger Than Block-Size Key - Hash Key First",
      "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54",
    ],
  ])("RFC 4231 vector (key %#)", (key, message, digest) => {
    // The RFC's keys are bytes; "\xaa" as UTF-8 would be two bytes, so compare through node:crypto with the same
    // encoding, and check the published value where the key is ASCII.
    expect(hmacSha256Hex(key, message)).toBe(
      createHmac("sha256", Buffer.from(key, "utf8")).update(message).digest("hex"),
    );
    if (/^[\x20-\x7e]*$/.test(key)) expect(hmacSha256Hex(key, message)).toBe(digest);
  });

  it("matches node:crypto on random keys and messages (ASCII and non-ASCII), short and longer than a block", () => {
    const alphabet = "abcXYZ019+/=\0é€😀";
    const text = (n: number) =>
      Array.from({ length: n }, () => alphabet[Math.floor(Math.random() * alphabet.length)]).join("");
    for (let i = 0; i < 2000; i++) {
      const key = text(Math.floor(Math.random() * 100));
      const message = text(Math.floor(Math.random() * 300));
      expect(hmacSha256Hex(key, message)).toBe(createHmac("sha256", key).update(message).digest("hex"));
    }
  });
});
