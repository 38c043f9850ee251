// Pins how parseSpec spends its time, so plan's speed on large specs cannot silently regress: a plain spec (the
// usual one, however many targets) is read without the yaml package's document tree, and only a spec with a
// problem pays for it, to say where the problem is (file:line:column, unchanged).
import { beforeEach, describe, expect, it, vi } from "vitest";

const calls = vi.hoisted(() => ({ parseDocument: 0 }));
vi.mock("yaml", async (importOriginal) => {
  const yaml = await importOriginal<typeof import("yaml")>();
  return {
    ...yaml,
    parseDocument: (...args: Parameters<typeof yaml.parseDocument>) => {
      calls.parseDocument++;
      return yaml.parseDocument(...args);
    },
  };
});

const { parseSpec } = await import("../../src/core/spec/parse-spec.js");
const { SpecError } = await import("../../src/core/errors.js");

function bigSpec(n: number): string {
  const lines = [
    "version: 1",
    "region: eu-west-1",
    "build:",
    '  account: "222222222222"',
    "  principal: role/ci/b",
  ];
  lines.push("targets:");
  for (let i = 0; i < n; i++) {
    lines.push(
      `  t${i}:`,
      `    account: "${String(100000000000 + i)}"`,
      "    role: /ci/BuildRole",
      `    externalId: id${i}xQ7vR2mK9pL4sT8wZ1nB6cD3fG5hJ0kYa`,
      "    permissions:",
      `      ecr: { push: [app${i}], pull: [base] }`,
      `      s3: { write: ["artifacts-${i}/builds/"], read: ["config/ci/"] }`,
      "    tags: { team: platform }",
    );
  }
  return `${lines.join("\n")}\n`;
}

describe("parseSpec's quick path", () => {
  beforeEach(() => {
    calls.parseDocument = 0;
  });

  it("reads a valid 1,000-target spec without building a YAML document", () => {
    const spec = parseSpec(bigSpec(1000), "crossrole.yaml");
    expect(Object.keys(spec.targets)).toHaveLength(1000);
    expect(calls.parseDocument).toBe(0);
  });

  it("parses once more, with positions, only when there is a problem, and says where", () => {
    // Line 6 + 8 * 700 + 3: target t700's role line.
    const text = bigSpec(1000).replace(
      '  t700:\n    account: "100000000700"\n    role: /ci/BuildRole',
      "  t700:\n    account: \"100000000700\"\n    role: 'bad role!'",
    );
    let error: unknown;
    try {
      parseSpec(text, "crossrole.yaml");
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(SpecError);
    const issue = (error as InstanceType<typeof SpecError>).issues[0];
    expect(issue?.location).toEqual({ file: "crossrole.yaml", line: 6 + 8 * 700 + 3, column: 11 });
    expect(issue?.path).toBe("targets.t700.role");
    expect(calls.parseDocument).toBe(1);
  });

  it("takes the full path for text outside the quick reader's subset, to the same spec", () => {
    const plain = bigSpec(3);
    const anchored = plain.replace("tags: { team: platform }", "tags: &t { team: platform }");
    expect(parseSpec(anchored, "crossrole.yaml")).toEqual(parseSpec(plain, "crossrole.yaml"));
    expect(calls.parseDocument).toBe(1);
  });
});
