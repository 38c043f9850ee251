// The light validator of plain specs (validate-plain-spec.ts, no zod) against the zod schema, on a table of valid
// and invalid specs: where the light validator answers, the schema accepts and returns the same data; where the
// spec is invalid, the light validator declines and the error loadSpec reports (its light path first) is exactly
// the full parser's, messages and line:column included.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { SpecError } from "../../src/core/errors.js";
import { parseSpec, parseSpecFully } from "../../src/core/spec/parse-spec.js";
import { readPlainYaml } from "../../src/core/spec/read-plain-yaml.js";
import { validatePlainSpec } from "../../src/core/spec/validate-plain-spec.js";
import { validatePlainSpecWithSchema } from "../../src/core/spec/validate-plain-spec-with-schema.js";
import { loadSpec } from "../../src/workflows/load-spec.js";

const dir = mkdtempSync(join(tmpdir(), "crossrole-plain-spec-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const base = `version: 1
name: team-a
region: eu-west-1
build:
  account: "222222222222"
  principal: role/ci/builder
targets:
  app:
    account: "111111111111"
    role: /ci/AppBuildRole
    externalId: app-Q7vR2mK9pL4sT8wZ1nB6cD3fG5hJ0kYa
    permissions:
      ecr: { push: [app], pull: [base/node] }
      s3: { write: ["artifacts/builds/"], read: ["config/ci/"] }
    tags: { team: platform }
  web:
    account: "333333333333"
    role: WebBuildRole
    externalId: web-Zq8vR2xKp4LmN7tYw1HcBf6JdGs3UaEo
`;

/** `base` with `from` replaced by `to` (which must occur). */
function edit(from: string, to: string): string {
  if (!base.includes(from)) throw new Error(`not in the base spec: ${from}`);
  return base.replace(from, to);
}

/** Valid specs the light validator judges: it must answer, with the schema's data. */
const judged: [string, string][] = [
  ["the base spec", base],
  ["$schema, allowUnknownRegion", `$schema: ./crossrole.schema.json\nallowUnknownRegion: false\n${base}`],
  [
    "lint.ignore: an id that reports no error, and { rule, reason }",
    `${base}lint:\n  ignore: [confused-deputy-single-target, { rule: external-id-missing, reason: legacy role } ]\n`,
  ],
  [
    "a target's lint.ignore",
    edit(
      "    tags: { team: platform }",
      "    tags: { team: platform }\n    lint: { ignore: [external-id-short] }",
    ),
  ],
  [
    "description, maxSessionDuration, session tags, source identity",
    edit(
      "    role: WebBuildRole",
      "    role: WebBuildRole\n    description: The web build\n    maxSessionDuration: 43200\n    allowSessionTags: true\n    allowSourceIdentity: false",
    ),
  ],
  [
    "the account root, a target region",
    edit("  principal: role/ci/builder", "  principal: root").replace(
      "    role: WebBuildRole",
      "    role: WebBuildRole\n    region: us-east-1",
    ),
  ],
  [
    "the same ExternalId twice (a lint error, not a spec error)",
    edit("web-Zq8vR2xKp4LmN7tYw1HcBf6JdGs3UaEo", "app-Q7vR2mK9pL4sT8wZ1nB6cD3fG5hJ0kYa"),
  ],
  [
    "a managed policy and KMS keys",
    edit(
      "    role: WebBuildRole",
      "    role: WebBuildRole\n    permissions:\n      managedPolicyArns: [arn:aws:iam::aws:policy/ReadOnlyAccess]\n      s3: { read: [config/], kmsKeyArns: [arn:aws:kms:eu-west-1:333333333333:key/1234abcd-12ab-34cd-56ef-1234567890ab] }",
    ),
  ],
];

/** Valid specs beyond the light validator's keys: it declines, the schema accepts. */
const declined: [string, string][] = [
  [
    "an admin block",
    edit(
      "  principal: role/ci/builder",
      "  principal: role/ci/builder\n  admin: { roleArn: arn:aws:iam::222222222222:role/Admin }",
    ),
  ],
  [
    "raw statements",
    edit(
      "    role: WebBuildRole",
      '    role: WebBuildRole\n    permissions:\n      statements: [{ Effect: Allow, Action: "sqs:SendMessage", Resource: "arn:aws:sqs:eu-west-1:333333333333:q" }]',
    ),
  ],
];

/** Invalid specs, each with the line:column and a part of the message of the first problem reported. */
const invalid: [string, string, string, RegExp][] = [
  ["a short account id", edit('"111111111111"', '"1111"'), "9:14", /12 digits/],
  ["an unknown key", edit("    role: WebBuildRole", "    role: WebBuildRole\n    rol: x"), "19:5", /rol/],
  ["a region that does not exist", edit("region: eu-west-1", "region: eu-wets-1"), "3:9", /eu-west-1/],
  ["version 2", edit("version: 1", "version: 2"), "1:10", /1/],
  [
    "a one-character ExternalId",
    edit("    externalId: web-Zq8vR2xKp4LmN7tYw1HcBf6JdGs3UaEo", "    externalId: w"),
    "19:17",
    /./,
  ],
  [
    "an error rule acknowledged without a reason",
    `${base}lint:\n  ignore: [external-id-missing]\n`,
    "21:12",
    /reason/,
  ],
  ["an unknown lint rule", `${base}lint:\n  ignore: [no-such-rule]\n`, "21:12", /is not a lint rule id/],
  ["an empty reason", `${base}lint:\n  ignore: [{ rule: external-id-missing, reason: "" }]\n`, "", /why/],
  [
    "a session of 100 s",
    edit("    role: WebBuildRole", "    role: WebBuildRole\n    maxSessionDuration: 100"),
    "19:25",
    /./,
  ],
  ["a 257-character tag value", edit("{ team: platform }", `{ team: ${"p".repeat(257)} }`), "", /./],
  ["an ECR repository in capitals", edit("push: [app]", "push: [App]"), "", /./],
  [
    "an S3 location as a URL",
    edit('write: ["artifacts/builds/"]', 'write: ["s3://artifacts/builds/"]'),
    "",
    /./,
  ],
  [
    "a 1001-character description",
    edit("    role: WebBuildRole", `    role: WebBuildRole\n    description: ${"d".repeat(1001)}`),
    "19:18",
    /1000/,
  ],
  ["a group principal", edit("  principal: role/ci/builder", "  principal: group/ci"), "6:14", /./],
  [
    "a string for a boolean",
    edit("    role: WebBuildRole", "    role: WebBuildRole\n    allowSessionTags: yes"),
    "19:23",
    /./,
  ],
  ["a string for a list", edit("push: [app]", "push: app"), "", /./],
  ["no targets", base.slice(0, base.indexOf("targets:")), "", /target accounts/],
];

async function loadError(text: string): Promise<SpecError> {
  const file = join(dir, `spec-${Math.random().toString(36).slice(2)}.yaml`);
  writeFileSync(file, text);
  try {
    await loadSpec(file);
  } catch (error) {
    if (error instanceof SpecError) return error;
    throw error;
  }
  throw new Error(`loadSpec accepted:\n${text}`);
}

function fullError(text: string, file: string): SpecError {
  try {
    parseSpecFully(text, "yaml", file);
  } catch (error) {
    if (error instanceof SpecError) return error;
    throw error;
  }
  throw new Error(`the full parser accepted:\n${text}`);
}

describe("validatePlainSpec against the zod schema", () => {
  it.each(judged)("%s: the light validator answers, with the schema's data", async (_name, text) => {
    const data = readPlainYaml(text);
    expect(data, "the table's specs are plain YAML").toBeDefined();
    if (data === undefined) return;
    const light = validatePlainSpec(structuredClone(data));
    expect(light).toBeDefined();
    expect(light).toEqual(validatePlainSpecWithSchema(structuredClone(data)));
    expect(light).toEqual(parseSpecFully(text, "yaml", "crossrole.yaml"));
    const file = join(dir, "judged.yaml");
    writeFileSync(file, text);
    expect((await loadSpec(file)).spec).toEqual(light);
  });

  it.each(declined)("%s: the light validator declines, the schema accepts", async (_name, text) => {
    const data = readPlainYaml(text);
    expect(data).toBeDefined();
    if (data === undefined) return;
    expect(validatePlainSpec(data)).toBeUndefined();
    const schema = validatePlainSpecWithSchema(data);
    expect(schema).toBeDefined();
    expect(schema).toEqual(parseSpec(text, "crossrole.yaml"));
    const file = join(dir, "declined.yaml");
    writeFileSync(file, text);
    expect((await loadSpec(file)).spec).toEqual(schema);
  });

  it.each(invalid)(
    "%s: refused by both, with the full parser's error (%s)",
    async (_name, text, at, message) => {
      const data = readPlainYaml(text);
      expect(data).toBeDefined();
      if (data === undefined) return;
      expect(validatePlainSpec(structuredClone(data))).toBeUndefined();
      expect(validatePlainSpecWithSchema(structuredClone(data))).toBeUndefined();
      const loaded = await loadError(text);
      const file = loaded.issues[0]?.location.file ?? "";
      expect(loaded.issues).toEqual(fullError(text, file).issues);
      expect(() => parseSpec(text, file)).toThrow(SpecError);
      const first = loaded.issues[0];
      expect(first?.message).toMatch(message);
      if (at !== "") expect(`${first?.location.line}:${first?.location.column}`).toBe(at);
    },
  );
});
