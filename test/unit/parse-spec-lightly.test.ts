// The light spec reader of the assume fast path against the real parser (yaml + zod + consistency checks): on
// generated specs, valid and mutated, and on every spec written in the tests, whenever the light reader answers,
// the real parser accepts the same text and resolves every target identically.
import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";
import { stringify } from "yaml";
import { buildAccessPlan } from "../../src/core/plan/build-access-plan.js";
import { resolvedTargetsOf } from "../../src/core/plan/resolved-target.js";
import { parseSpec } from "../../src/core/spec/parse-spec.js";
import { parseSpecLightly } from "../../src/core/spec/parse-spec-lightly.js";
import { renderStarterSpec } from "../../src/outputs/render-starter-spec.js";
import { seededRandom } from "../support/seeded-random.js";
import { cleanSpec, seedSpec, twoAccountSpec } from "./support/access-specs.js";

const ROOT = join(import.meta.dirname, "../..");

/** Light answer → the real parser must accept and agree. Returns whether the light reader answered. */
function agrees(text: string, file = "crossrole.yaml"): boolean {
  const light = parseSpecLightly(text, file);
  if (light === undefined) return false;
  let full: ReturnType<typeof parseSpec>;
  try {
    full = parseSpec(text, file);
  } catch (error) {
    throw new Error(`the light reader accepted a spec the real parser refuses:\n${text}\n${String(error)}`);
  }
  expect(light, text).toEqual(full);
  expect(resolvedTargetsOf(buildAccessPlan(light, file))).toEqual(
    resolvedTargetsOf(buildAccessPlan(full, file)),
  );
  return true;
}

function refusedByParser(text: string): boolean {
  try {
    parseSpec(text, "crossrole.yaml");
    return false;
  } catch {
    return true;
  }
}

describe("parseSpecLightly", () => {
  const clean = `# a comment
version: 1
name: team-a
region: eu-west-1   # trailing comment

build:
  account: "222222222222"
  principal: user/ci
targets:
  deploy:
    account: '111111111111'
    role: /ci/DeployRole
    description: Deploy role for the web app
    externalId: crossrole-it-7Qv2mK9pL4sT8wZ1nB6cD3fG5hJ0kYa
    maxSessionDuration: 7200
    allowSessionTags: true
    permissions:
      ecr:
        push:
        - team/app
        - team/worker
      s3:
        write:
          - artifacts-bucket/builds/
      managedPolicyArns:
        - arn:aws:iam::aws:policy/ReadOnlyAccess
    tags:
      team: web
`;

  it("reads a typical spec exactly as the real parser does", () => {
    expect(agrees(clean)).toBe(true);
    expect(resolvedTargetsOf(buildAccessPlan(parseSpecLightly(clean, "x.yaml") ?? fail(), "x.yaml"))).toEqual(
      [
        {
          name: "deploy",
          account: "111111111111",
          roleArn: "arn:aws:iam::111111111111:role/ci/DeployRole",
          externalId: "crossrole-it-7Qv2mK9pL4sT8wZ1nB6cD3fG5hJ0kYa",
          region: "eu-west-1",
          maxSessionDuration: 7200,
          principalArn: "arn:aws:iam::222222222222:user/ci",
        },
      ],
    );
  });

  it("reads one-line flow lists and mappings as the real parser does", () => {
    const flow = clean
      .replace("push:\n        - team/app\n        - team/worker", "push: [team/app, 'team/worker']")
      .replace("tags:\n      team: web", "tags: { team: web }");
    expect(flow).not.toBe(clean);
    expect(agrees(flow)).toBe(true);
    expect(parseSpecLightly(flow, "x.yaml")).toEqual(parseSpecLightly(clean, "x.yaml"));
  });

  it.each([
    ["JSON", clean, "crossrole.json"],
    ["an anchor", clean.replace("role: /ci/DeployRole", "role: &r /ci/DeployRole"), undefined],
    [
      "a flow list over several lines",
      clean.replace("- team/app\n        - team/worker", "[team/app,\n          team/worker]"),
      undefined,
    ],
    [
      "a block scalar",
      clean.replace("description: Deploy role for the web app", "description: |\n      x"),
      undefined,
    ],
    ["a tab", clean.replace("  principal", "\tprincipal"), undefined],
    ["CRLF", clean.replace(/\n/g, "\r\n"), undefined],
    ["non-ASCII", clean.replace("Deploy role", "Déploiement"), undefined],
    ["a document marker", `---\n${clean}`, undefined],
    ["an escape", clean.replace("Deploy role for the web app", '"Deploy\\trole"'), undefined],
    [
      "a multi-account target",
      clean.replace("account: '111111111111'", "accounts: ['111111111111']"),
      undefined,
    ],
    [
      "an admin block",
      clean.replace("  principal: user/ci", "  principal: user/ci\n  admin:\n    profile: x"),
      undefined,
    ],
    [
      "a continuation line",
      clean.replace("role: /ci/DeployRole", "role: /ci/DeployRole\n      more"),
      undefined,
    ],
    ["a number that YAML 1.1 would read otherwise", clean.replace("7200", "0x1C20"), undefined],
  ])("leaves %s to the real parser", (_, text, file) => {
    expect(parseSpecLightly(text, file ?? "crossrole.yaml")).toBeUndefined();
  });

  it.each([
    ["an unquoted account ID", clean.replace('"222222222222"', "222222222222")],
    ["an unknown region", clean.replace("region: eu-west-1", "region: eu-west-9")],
    [
      "a duplicate key",
      clean.replace("    role: /ci/DeployRole", "    role: /ci/DeployRole\n    role: Other"),
    ],
    ["an unknown key", clean.replace("    role:", "    rol: x\n    role:")],
    ["a session limit out of range", clean.replace("7200", "43201")],
    ["a principal in another account", clean.replace("user/ci", "arn:aws:iam::333333333333:user/ci")],
    ["a null value", clean.replace("name: team-a", "name:")],
    ["a reserved tag key", clean.replace("team: web", "aws:team: web")],
  ])("refuses %s (the real parser reports it)", (_, text) => {
    expect(refusedByParser(text)).toBe(true);
    expect(parseSpecLightly(text, "crossrole.yaml")).toBeUndefined();
  });

  it("agrees with the real parser on 1,500 generated specs, valid and mutated", () => {
    const next = seededRandom(16_19);
    const pick = <T>(xs: readonly T[]): T => xs[next() % xs.length] as T;
    let cleanAccepted = 0;
    let cleanTotal = 0;
    let mutatedRefused = 0;
    for (let n = 0; n < 1500; n++) {
      const text = generateSpec(next, pick);
      const mutated = n % 3 !== 0 ? mutate(text, next, pick) : text;
      const accepted = agrees(mutated);
      if (mutated === text) {
        cleanTotal++;
        if (accepted) cleanAccepted++;
      } else if (refusedByParser(mutated)) {
        mutatedRefused++;
        expect(accepted).toBe(false);
      }
    }
    // Not vacuous: the light reader answers for the plain specs it is made for, and mutations do break specs.
    expect(cleanAccepted).toBe(cleanTotal);
    expect(cleanTotal).toBeGreaterThan(450);
    expect(mutatedRefused).toBeGreaterThan(150);
  }, 120_000);

  it("agrees with the real parser on every spec written in the tests", () => {
    const texts = [
      ...specsWrittenInTests(),
      ...[seedSpec, twoAccountSpec, cleanSpec].map((s) => stringify(s)),
      renderStarterSpec({
        name: "team-a",
        region: "eu-west-1",
        buildAccount: "222222222222",
        buildPrincipal: "role/ci/Builder",
        targets: [
          {
            name: "app",
            account: "111111111111",
            role: "AppBuildRole",
            externalId: "Zq8vR2xKp4LmN7tYw1HcBf6",
          },
          {
            name: "web",
            account: "333333333333",
            role: "/ci/WebRole",
            externalId: "Ab3dEf6hIj9kLm2nOp5qRs8",
          },
        ],
      }),
    ];
    expect(texts.length).toBeGreaterThan(20);
    const answered = texts.filter((t) => agrees(t)).length;
    expect(answered).toBeGreaterThan(5); // the starter spec, the assume and ECR worlds, plain unit fixtures
  });
});

function fail(): never {
  throw new Error("the light reader did not answer");
}

// --- generated specs ---

type Next = () => number;
type Pick = <T>(xs: readonly T[]) => T;

/** A valid spec in the light reader's subset, in a random but plain style. */
function generateSpec(next: Next, pick: Pick): string {
  const ind = pick(["  ", "    ", "   "]);
  const str = (v: string) => pick([v, `"${v}"`, `'${v}'`]);
  const comment = () => (next() % 4 === 0 ? pick(["  # note", " #", "   # x: y"]) : "");
  const lines: string[] = [];
  const maybe = (line: string) => {
    if (next() % 2 === 0) lines.push(line);
  };
  if (next() % 5 === 0) lines.push("# crossrole spec");
  if (next() % 4 === 0) lines.push(`$schema: ${str("./schema/crossrole.schema.json")}`);
  lines.push(`version: 1${comment()}`);
  maybe(`name: ${str(pick(["team-a", "web", "x1-ci"]))}`);
  lines.push(`region: ${str(pick(["eu-west-1", "us-east-1", "cn-north-1", "us-gov-west-1"]))}${comment()}`);
  if (next() % 6 === 0) lines.push(`allowUnknownRegion: ${pick(["true", "false"])}`);
  if (next() % 3 === 0) lines.push("");
  lines.push("build:");
  lines.push(`${ind}account: ${pick(['"222222222222"', "'222222222222'"])}`);
  lines.push(
    `${ind}principal: ${str(pick(["user/ci", "role/ci/Builder", "root", "arn:aws:iam::222222222222:role/Build"]))}`,
  );
  lines.push("targets:");
  const count = 1 + (next() % 3);
  const names = ["deploy", "web-app", "Data_2", "ops"];
  for (let t = 0; t < count; t++) {
    const name = names[t] as string;
    lines.push(`${ind}${name}:${comment()}`);
    const at = ind + ind;
    lines.push(`${at}account: "${String(111111111111 + t * 111111111111).slice(0, 12)}"`);
    lines.push(`${at}role: ${str(pick([`Role${t}`, `/ci/Role${t}`, `role.${t}@x`]))}${comment()}`);
    if (next() % 3 === 0) lines.push(`${at}region: ${pick(["eu-central-1", "ap-south-1"])}`);
    if (next() % 3 === 0)
      lines.push(`${at}description: ${pick(["Builds deploy here", '"with: colon"', "'a # b'"])}`);
    if (next() % 4 !== 0)
      lines.push(`${at}externalId: ${str(pick(["ab", "crossrole-xyz_1=2,3.4@5:6/7-8"]))}`);
    if (next() % 2 === 0) lines.push(`${at}maxSessionDuration: ${pick(["3600", "7200", "43200"])}`);
    if (next() % 3 === 0) lines.push(`${at}allowSessionTags: ${pick(["true", "false"])}`);
    if (next() % 4 === 0) lines.push(`${at}allowSourceIdentity: true`);
    if (next() % 2 === 0) {
      const p = at + ind;
      const item = pick([at + ind, at + ind + ind]);
      lines.push(`${at}permissions:`);
      lines.push(`${p}ecr:`);
      lines.push(`${p}${ind}push:`);
      lines.push(`${item}${ind}- ${str(`team/app${t}`)}`);
      if (next() % 2 === 0) lines.push(`${item}${ind}- base/node`);
      if (next() % 2 === 0) {
        lines.push(`${p}s3:`);
        lines.push(`${p}${ind}read:`);
        lines.push(`${p}${ind}${ind}- cfg-bucket/ci/`);
        lines.push(`${p}${ind}kmsKeyArns:`);
        lines.push(`${p}${ind}${ind}- arn:aws:kms:eu-west-1:111111111111:key/abc-1`);
      }
      if (next() % 3 === 0) {
        lines.push(`${p}managedPolicyArns:`);
        lines.push(`${p}- arn:aws:iam::aws:policy/ReadOnlyAccess`);
      }
    }
    if (next() % 4 === 0) {
      lines.push(`${at}tags:`);
      lines.push(`${at}${ind}team: ${pick(["web", '""', "'a b'", "x:y"])}`);
    }
  }
  if (next() % 2 === 0) lines.push("");
  return `${lines.join("\n")}\n`;
}

/** One small edit, often one that makes the spec invalid or leaves the subset. */
function mutate(text: string, next: Next, pick: Pick): string {
  const lines = text.split("\n");
  const i = next() % lines.length;
  const line = lines[i] as string;
  const valueAt = line.indexOf(": ");
  const edits: Array<() => string> = [
    () => (valueAt < 0 ? line : `${line.slice(0, valueAt + 2)}${pick(VALUES)}`),
    () => `${line}\n${line}`, // a duplicate key or item
    () => ` ${line}`,
    () => line.slice(1),
    () => `${line}\n${pick(["  x", "      more", "- y", "z: 1", "\t", "...", "---", "? k", "&a", "#c"])}`,
    () => line.replace(/: /, pick([":", " : ", ":  ", ":\t"])),
    () => line.replace(/"/g, pick(["'", "", "\\"])),
    () => line.replace(/[a-z]/, pick(["A", "_", "-", "é", "1", "'"])),
    () => line.replace(/\d/, pick(["", "x", "11"])),
    () => `${line} ${pick(["#", "# c", "x", ": y", "'"])}`,
  ];
  lines[i] = pick(edits)();
  return lines.join("\n");
}

const VALUES = [
  "",
  "~",
  "null",
  "Null",
  "True",
  "TRUE",
  "yes",
  "no",
  "on",
  "0x10",
  "0o17",
  "1e3",
  ".inf",
  ".NaN",
  "012",
  "3599",
  "43201",
  "1",
  "2",
  "-1",
  "+5",
  "111111111111",
  "eu-west-9",
  "EU-WEST-1",
  "a",
  "x y",
  "a: b",
  "[a]",
  "{}",
  "&anchor x",
  "*alias",
  "!!str 1",
  "|",
  ">",
  "'it''s'",
  '"a\\"b"',
  "`x`",
  "@x",
  "%x",
  "user/",
  "arn:aws:iam::333333333333:user/ci",
  "aws:x",
  "a".repeat(1001),
  '"a b"',
];

// --- every spec written in the tests ---

/** Template literals that look like specs in test/ and the unit tests, with each ${...} replaced by a sample. */
function specsWrittenInTests(): string[] {
  const files = [
    ...walk(join(ROOT, "test")),
    ...walk(join(ROOT, "src")).filter((f) => f.endsWith(".test.ts")),
  ];
  const samples: Record<string, string> = {
    BUILD: "222222222222",
    TARGET: "111111111111",
    REGION: "eu-west-1",
    EXTERNAL_ID: "crossrole-it-7Qv2mK9pL4sT8wZ1nB6cD3fG5hJ0kYa",
  };
  const out: string[] = [];
  for (const file of files) {
    if (!file.endsWith(".ts") || relative(ROOT, file) === "test/unit/parse-spec-lightly.test.ts") continue;
    const source = readFileSync(file, "utf8");
    for (const m of source.matchAll(/`((?:[^`\\]|\\.)*)`/g)) {
      const body = m[1] ?? "";
      if (!body.includes("targets:") || !/(^|\n)\s*version:/.test(body)) continue;
      out.push(
        body
          .replace(/\$\{\s*([A-Za-z_][\w.]*)\s*\}/g, (_, name: string) => samples[name] ?? "x")
          .replace(/\$\{[^}]*\}/g, "x")
          .replace(/\\n/g, "\n")
          .replace(/\\`/g, "`"),
      );
    }
  }
  return out;
}

function walk(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? walk(join(dir, e.name)) : [join(dir, e.name)],
  );
}
