import { readdirSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { OUTPUT_SCHEMA_DIR as OUTPUT_DIR, renderOutputSchemas } from "../../scripts/write-schema.js";
import { commands } from "../../src/cli/command-registry.js";
import {
  COMMANDS_WITHOUT_REPORT,
  JSON_COMMAND_ALIASES,
  JSON_SUBCOMMANDS,
  jsonDocumentCommand,
} from "../../src/cli/json-request.js";
import { UsageError } from "../../src/core/errors.js";
import { renderEcrLoginJson } from "../../src/outputs/json/render-ecr-json.js";
import { renderErrorJson } from "../../src/outputs/json/render-error-json.js";
import { renderInitJson } from "../../src/outputs/json/render-init-json.js";
import {
  renderProfileRemoveJson,
  renderProfileWriteJson,
} from "../../src/outputs/json/render-profile-json.js";
import { renderRotateBuildKeyJson } from "../../src/outputs/json/render-rotate-build-key-json.js";
import { expectDocument, newAjv, OUTPUT_SCHEMA_DIR, readOutputSchemas } from "../support/output-schemas.js";

const schemas = readOutputSchemas();

/** The schema files a command's documents are in: `ecr login` is ecr-login. */
function schemaNamesOf(alias: string): string[] {
  const command = JSON_COMMAND_ALIASES[alias] ?? alias;
  const subs = JSON_SUBCOMMANDS[command];
  return subs === undefined ? [command] : subs.map((s) => `${command}-${s}`);
}

describe("schema/output", () => {
  it("holds exactly the generated schemas, current (if not: run `npm run schema` and commit)", () => {
    const generated = renderOutputSchemas();
    const committed = readdirSync(OUTPUT_SCHEMA_DIR).map((f) => `${OUTPUT_DIR}/${f}`);
    expect(committed.sort()).toEqual([...generated.keys()].sort());
    for (const [path, text] of generated) {
      expect(readFileSync(new URL(`../../${path}`, import.meta.url), "utf8"), `${path} is stale`).toBe(text);
    }
  });

  it.each([...schemas])("%s is a valid draft 2020-12 schema (strict ajv)", (name, schema) => {
    expect(schema).toMatchObject({
      $schema: "https://json-schema.org/draft/2020-12/schema",
      $id: `https://unpkg.com/crossrole/schema/output/${name}.schema.json`,
    });
    // Every document object allows no other keys: a renderer that adds or renames one fails the tests.
    const variants = (schema.oneOf ?? [schema]) as Array<Record<string, unknown>>;
    for (const v of variants) expect(v.additionalProperties).toBe(false);
    const ajv = newAjv();
    expect(ajv.validateSchema(schema), JSON.stringify(ajv.errors)).toBe(true);
    expect(() => ajv.compile(schema)).not.toThrow();
  });

  it("has a schema for every command that reports, and the error document", () => {
    const expected = Object.keys(commands)
      .filter((c) => !COMMANDS_WITHOUT_REPORT.includes(c))
      .flatMap(schemaNamesOf);
    expect([...schemas.keys()].sort()).toEqual([...new Set([...expected, "error"])].sort());
  });

  it.each(Object.keys(commands).filter((c) => !COMMANDS_WITHOUT_REPORT.includes(c)))(
    "every document of %s starts with formatVersion 1 and its command's name",
    (command) => {
      for (const name of schemaNamesOf(command)) {
        const s = schemas.get(name) as {
          properties?: Record<string, unknown>;
          anyOf?: unknown;
          oneOf?: unknown;
        };
        const variants = (s.oneOf ?? s.anyOf ?? [s]) as Array<{ properties: Record<string, unknown> }>;
        for (const v of variants) {
          expect(Object.keys(v.properties).slice(0, 2)).toEqual(["formatVersion", "command"]);
          expect(v.properties.command).toMatchObject({ const: name.replace("-", " ") });
        }
      }
    },
  );
});

describe("which argv asks for a JSON document (the error document's command)", () => {
  it.each([
    ["apply", ["--json", "--yes"], "apply"],
    ["apply", ["--yes"], undefined],
    ["plan", ["--format", "json"], "plan"],
    ["plan", ["--format=json"], "plan"],
    ["plan", ["--format", "text"], undefined],
    ["ecr", ["login", "deploy", "--json"], "ecr login"],
    ["rotate", ["--json", "build-key"], "rotate build-key"],
    ["rotate", ["--json"], "rotate"],
    ["exec", ["ourthing", "--", "tool", "--json"], undefined],
    ["status", ["--json"], "whoami"],
    // --json takes no value; the parser refuses --json=VALUE (exit 2), and that refusal comes as the document.
    ["lint", ["--json=true"], "lint"],
    ["lint", ["--json=false"], "lint"],
    ["lint", ["--json-x"], undefined],
  ])("%s %j -> %s", (command, argv, expected) => {
    expect(jsonDocumentCommand(command, argv)).toBe(expected);
  });
});

// Real renderers' output, then the same document drifted: the schema must refuse each drift.
const rotated = {
  userName: "ci",
  principalArn: "arn:aws:iam::222222222222:user/ci",
  created: "AKIAEXAMPLENEW000001",
  proofs: [],
  oldKeys: [{ accessKeyId: "AKIAEXAMPLEOLD000001", action: "deleted" as const }],
};
const cases: Array<[string, string, string]> = [
  [
    "init",
    "init",
    renderInitJson({
      file: "/w/crossrole.yaml",
      name: "w-ab12",
      targets: [{ name: "a", account: "111111111111" }],
    }),
  ],
  ["error", "error", renderErrorJson("apply", new UsageError("crossrole apply: bad", { hint: "do x" }), 2)],
  [
    "profile (remove)",
    "profile",
    renderProfileRemoveJson("ourthing", ["[profile ourthing] in /h/.aws/config"]),
  ],
  [
    "profile (write)",
    "profile",
    renderProfileWriteJson({
      profile: "ourthing",
      changed: true,
      configFile: "/h/.aws/config",
      roleArn: "arn:aws:iam::111111111111:role/R",
      externalId: "secret-ish",
      credentialsFile: "/h/.aws/credentials",
      sourceSection: "ourthing-source",
      warnings: [],
    }),
  ],
  [
    "ecr login",
    "ecr-login",
    renderEcrLoginJson({
      via: "config",
      dockerConfig: "/h/.docker/config.json",
      logins: [
        {
          host: "111111111111.dkr.ecr.eu-west-1.amazonaws.com",
          target: "a",
          roleArn: "arn:aws:iam::111111111111:role/R",
          username: "AWS",
          expiresAt: new Date(0),
          fromCache: false,
        },
      ],
      notices: [],
    }),
  ],
  ["rotate build-key", "rotate-build-key", renderRotateBuildKeyJson(rotated, "/w/key.json")],
];

describe("real documents match their schema, and drifted ones do not", () => {
  it.each(cases)("%s: the renderer's output is valid", (_, schema, stdout) => {
    expect(expectDocument(schema, stdout)).toMatchObject({ formatVersion: 1 });
  });

  const drifts: Array<[string, string, (d: Record<string, unknown>) => void]> = [
    ["init", "an unknown field", (d) => Object.assign(d, { externalIds: ["x"] })],
    ["init", "formatVersion 2", (d) => Object.assign(d, { formatVersion: 2 })],
    ["init", "another command's name", (d) => Object.assign(d, { command: "plan" })],
    ["init", "a missing field", (d) => delete d.name],
    ["error", "exit code 0", (d) => Object.assign(d, { exitCode: 0 })],
    ["error", "an unknown error kind", (d) => Object.assign(d.error as object, { kind: "oops" })],
    ["profile (write)", "the ExternalId's value", (d) => Object.assign(d, { externalId: "secret-ish" })],
    ["profile (remove)", "a write field on a removal", (d) => Object.assign(d, { roleArn: "arn" })],
    ["ecr login", "a token", (d) => Object.assign((d.logins as object[])[0] as object, { password: "tok" })],
    [
      "ecr login",
      "expiresAt as a number",
      (d) => Object.assign((d.logins as object[])[0] as object, { expiresAt: 0 }),
    ],
    ["rotate build-key", "the secret key", (d) => Object.assign(d, { secretAccessKey: "s" })],
    [
      "rotate build-key",
      "an unknown old-key action",
      (d) => Object.assign((d.oldKeys as object[])[0] as object, { action: "lost" }),
    ],
  ];
  it.each(drifts)("%s with %s is refused", (which, _, drift) => {
    const [, schema, stdout] = cases.find(([name]) => name === which) as [string, string, string];
    const document = JSON.parse(stdout) as Record<string, unknown>;
    drift(document);
    expect(() => expectDocument(schema, JSON.stringify(document))).toThrow(/does not match/);
  });
});
