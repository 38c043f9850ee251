import { describe, expect, it } from "vitest";
import { defaultSpecName } from "./default-spec-name.js";
import { SPEC_NAME } from "./spec-name.js";

const fixed = (n: number) => new Uint8Array(n).fill(1);

describe("defaultSpecName", () => {
  it.each([
    ["web-app", "web-app-bbbb"],
    ["Team_Web App", "team-web-app-bbbb"],
    ["2024-builds", "builds-bbbb"],
    ["---", "spec-bbbb"],
    ["", "spec-bbbb"],
    ["ünïcode", "n-code-bbbb"],
    ["a".repeat(80), `${"a".repeat(30)}-bbbb`],
    ["ends-with-dash-", "ends-with-dash-bbbb"],
  ])("%j → %s", (dir, expected) => {
    expect(defaultSpecName(dir, fixed)).toBe(expected);
  });

  it("always gives a valid spec name, and two specs in directories of the same name differ", () => {
    const names = new Set<string>();
    for (let i = 0; i < 200; i++) {
      const name = defaultSpecName("infra", (n) =>
        Uint8Array.from({ length: n }, () => Math.floor(Math.random() * 256)),
      );
      expect(name).toMatch(SPEC_NAME);
      names.add(name);
    }
    expect(names.size).toBeGreaterThan(190);
  });
});
