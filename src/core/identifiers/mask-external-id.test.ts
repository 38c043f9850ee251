import { describe, expect, it } from "vitest";
import { maskExternalId } from "./mask-external-id.js";

describe("maskExternalId", () => {
  it.each([
    ["crossrole-7Qv2mK9pL4sT8wZ1nB6cD3fAbCdEfGhIj", "…GhIj"],
    ["abcdefghijkl", "…ijkl"],
    ["abcdef", "…ef"],
    ["abcd", "…d"],
    ["ab", "…"],
    ["", "…"],
  ])("%j -> %j: the tail, at most 4 characters and a third of the value", (value, masked) => {
    expect(maskExternalId(value)).toBe(masked);
  });

  it.each(["abcd", "abc", "wxyz1", "x"])("never shows a short value whole (%j)", (value) => {
    expect(maskExternalId(value).slice(1)).not.toBe(value);
  });
});
