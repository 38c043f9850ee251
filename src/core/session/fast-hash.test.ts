import { describe, expect, it } from "vitest";
import { fastHash } from "./fast-hash.js";

describe("fastHash", () => {
  it("is deterministic, 28 hex characters", () => {
    expect(fastHash("abc")).toBe(fastHash("abc"));
    expect(fastHash("abc")).toMatch(/^[0-9a-f]{28}$/);
    expect(fastHash("")).toMatch(/^[0-9a-f]{28}$/);
  });

  it("has no collisions over 50,000 similar inputs", () => {
    const seen = new Set<string>();
    for (let i = 0; i < 50_000; i++) seen.add(fastHash(`{"roleArn":"arn:aws:iam::111111111111:role/r${i}"}`));
    expect(seen.size).toBe(50_000);
  });

  it("changes with a one-character edit anywhere", () => {
    const base = "x".repeat(1000);
    const h = fastHash(base);
    for (const at of [0, 500, 999])
      expect(fastHash(`${base.slice(0, at)}y${base.slice(at + 1)}`)).not.toBe(h);
  });
});
