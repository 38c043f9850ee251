import { describe, expect, it } from "vitest";
import { SpecError, type SpecIssue } from "../errors.js";
import { parseSpec } from "./parse-spec.js";

/** A valid spec; each malformed case edits numbered lines of it, so every location below is exact. */
const BASE = [
  "version: 1", // 1
  "region: eu-west-1", // 2
  "build:", // 3
  '  account: "222222222222"', // 4
  "  principal: user/ci-builder", // 5
  "targets:", // 6
  "  ourthing:", // 7
  '    account: "111111111111"', // 8
  "    role: OurThingBuildRole", // 9
  "    externalId: some_key_build", // 10
  "    maxSessionDuration: 3600", // 11
];

/** BASE with lines replaced (1-based; "" blanks a line so later numbers hold) and lines appended from line 12. */
function edit(changes: Record<number, string>, ...extra: string[]): string {
  return [...BASE.map((line, i) => changes[i + 1] ?? line), ...extra, ""].join("\n");
}

/** BASE plus a permissions block whose lines start at line 13 (line 12 is `    permissions:`). */
function withPermissions(...lines: string[]): string {
  return edit({}, "    permissions:", ...lines);
}

function issuesOf(text: string, file = "crossrole.yaml"): readonly SpecIssue[] {
  try {
    parseSpec(text, file);
  } catch (error) {
    expect(error).toBeInstanceOf(SpecError);
    return (error as SpecError).issues;
  }
  throw new Error("expected a SpecError");
}

interface Expected {
  line: number;
  column: number;
  path: string;
  phrase: string;
  file?: string;
}

const X1225 = "x".repeat(1225);
const JSON_SPEC = (account: string, tail = "") =>
  [
    "{",
    '  "version": 1,',
    '  "region": "eu-west-1",',
    `  "build": { "account": ${account}, "principal": "root" },`,
    `  "targets": { "a": { "account": "111111111111", "role": "R" } }${tail}`,
    "}",
  ].join("\n");

const malformed: Array<[string, string, Expected]> = [
  // --- account IDs ---
  [
    "11-digit account",
    edit({ 4: '  account: "22222222222"' }),
    {
      line: 4,
      column: 12,
      path: "build.account",
      phrase: 'must be exactly 12 digits, e.g. "111111111111" (got "22222222222")',
    },
  ],
  [
    "account with letters",
    edit({ 8: '    account: "11111111111x"' }),
    { line: 8, column: 14, path: "targets.ourthing.account", phrase: "must be exactly 12 digits" },
  ],
  [
    "account with dashes",
    edit({ 8: '    account: "1111-1111-1111"' }),
    { line: 8, column: 14, path: "targets.ourthing.account", phrase: '(got "1111-1111-1111")' },
  ],
  [
    "account as a YAML number",
    edit({ 4: "  account: 222222222222" }),
    {
      line: 4,
      column: 12,
      path: "build.account",
      phrase: 'YAML read 222222222222 as a number; write it in quotes: "222222222222"',
    },
  ],
  [
    "account number losing its leading zero",
    edit({ 8: "    account: 012345678901" }),
    {
      line: 8,
      column: 14,
      path: "targets.ourthing.account",
      phrase: "YAML read 012345678901 as the number 12345678901 (the leading zero is lost)",
    },
  ],
  [
    "account left empty",
    edit({ 8: "    account:" }),
    { line: 8, column: 5, path: "targets.ourthing.account", phrase: "12-digit AWS account ID in quotes" },
  ],
  [
    "account missing",
    edit({ 8: "" }),
    { line: 7, column: 3, path: "targets.ourthing.account", phrase: "is required: 12-digit AWS account ID" },
  ],
  [
    "account in JSON as a number",
    JSON_SPEC("222222222222"),
    {
      line: 4,
      column: 25,
      path: "build.account",
      phrase: 'JSON has 222222222222 as a number; write it as a string: "222222222222"',
      file: "spec.json",
    },
  ],
  // --- ExternalId ---
  [
    "ExternalId with spaces",
    edit({ 10: '    externalId: "some key"' }),
    { line: 10, column: 17, path: "targets.ourthing.externalId", phrase: '(no spaces) (got "some key")' },
  ],
  [
    "ExternalId of 1 character",
    edit({ 10: "    externalId: x" }),
    { line: 10, column: 17, path: "targets.ourthing.externalId", phrase: "must be 2..1224 characters" },
  ],
  [
    "ExternalId of 1225 characters",
    edit({ 10: `    externalId: ${X1225}` }),
    { line: 10, column: 17, path: "targets.ourthing.externalId", phrase: '…", 1225 characters)' },
  ],
  [
    "ExternalId as a number",
    edit({ 10: "    externalId: 12345" }),
    {
      line: 10,
      column: 17,
      path: "targets.ourthing.externalId",
      phrase: 'YAML read 12345 as a number; write it in quotes: "12345"',
    },
  ],
  // --- unknown and misspelled keys, at every level ---
  [
    "misspelled top-level key",
    edit({ 2: "regoin: eu-west-1" }),
    { line: 2, column: 1, path: "regoin", phrase: "unknown key `regoin`; did you mean `region`?" },
  ],
  [
    "unknown top-level key",
    edit({}, "owner: platform"),
    {
      line: 12,
      column: 1,
      path: "owner",
      phrase: "accepted keys here: $schema, version, name, region, allowUnknownRegion, build, targets",
    },
  ],
  [
    "misspelled build key",
    edit({ 5: "  principle: user/ci-builder" }),
    { line: 5, column: 3, path: "build.principle", phrase: "did you mean `principal`?" },
  ],
  [
    "unknown build key",
    edit({}, "  ", "build2: x"),
    { line: 13, column: 1, path: "build2", phrase: "did you mean `build`?" },
  ],
  [
    "externalID (case)",
    edit({ 10: "    externalID: some_key_build" }),
    { line: 10, column: 5, path: "targets.ourthing.externalID", phrase: "did you mean `externalId`?" },
  ],
  [
    "extrnalId (letter missing)",
    edit({ 10: "    extrnalId: some_key_build" }),
    { line: 10, column: 5, path: "targets.ourthing.extrnalId", phrase: "did you mean `externalId`?" },
  ],
  [
    "maxSessionDurations (plural)",
    edit({ 11: "    maxSessionDurations: 3600" }),
    {
      line: 11,
      column: 5,
      path: "targets.ourthing.maxSessionDurations",
      phrase: "did you mean `maxSessionDuration`?",
    },
  ],
  [
    "unknown target key, nothing close",
    edit({}, "    colour: red"),
    {
      line: 12,
      column: 5,
      path: "targets.ourthing.colour",
      phrase: "accepted keys here: account, role, region, description, externalId",
    },
  ],
  [
    "misspelled permissions key",
    withPermissions("      ecrs: { push: [app] }"),
    { line: 13, column: 7, path: "targets.ourthing.permissions.ecrs", phrase: "did you mean `ecr`?" },
  ],
  [
    "misspelled ecr key",
    withPermissions("      ecr: { pushh: [app] }"),
    { line: 13, column: 14, path: "targets.ourthing.permissions.ecr.pushh", phrase: "did you mean `push`?" },
  ],
  [
    "transposed s3 key",
    withPermissions('      s3: { wirte: ["b-1/x/"] }'),
    { line: 13, column: 13, path: "targets.ourthing.permissions.s3.wirte", phrase: "did you mean `write`?" },
  ],
  [
    "misspelled statement key",
    withPermissions(
      "      statements:",
      "        - Effect: Allow",
      "          Actoin: s3:GetObject",
      '          Resource: "*"',
    ),
    {
      line: 15,
      column: 11,
      path: "targets.ourthing.permissions.statements[0].Actoin",
      phrase: "did you mean `Action`?",
    },
  ],
  // --- duplicates ---
  [
    "duplicate target name",
    edit({}, "  ourthing:", '    account: "333333333333"', "    role: Other"),
    {
      line: 12,
      column: 3,
      path: "targets.ourthing",
      phrase: "duplicate key `ourthing`: target names must be unique",
    },
  ],
  [
    "duplicate role ARN",
    edit({}, "  other:", '    account: "111111111111"', "    role: OurThingBuildRole"),
    {
      line: 14,
      column: 11,
      path: "targets.other.role",
      phrase: "targets `ourthing` and `other` both use role OurThingBuildRole in account 111111111111",
    },
  ],
  [
    "same role name in another path and case",
    edit({}, "  other:", '    account: "111111111111"', "    role: /ci/ourthingbuildrole"),
    { line: 14, column: 11, path: "targets.other.role", phrase: "ignoring case and path" },
  ],
  [
    "target names differing only by case",
    edit({}, "  OurThing:", '    account: "333333333333"', "    role: Other"),
    { line: 12, column: 3, path: "targets.OurThing", phrase: "differ only by case" },
  ],
  [
    "invalid target name",
    edit({ 7: "  9thing:" }),
    { line: 7, column: 3, path: 'targets["9thing"]', phrase: "target names start with a letter" },
  ],
  // --- version ---
  [
    "version 2",
    edit({ 1: "version: 2" }),
    { line: 1, column: 10, path: "version", phrase: "crossrole reads only version 1 specs (got version 2)" },
  ],
  [
    "version missing",
    edit({ 1: "" }),
    { line: 2, column: 1, path: "version", phrase: "start the spec with `version: 1`" },
  ],
  [
    "version quoted",
    edit({ 1: 'version: "1"' }),
    { line: 1, column: 10, path: "version", phrase: "must be the number 1, without quotes" },
  ],
  // --- region ---
  [
    "region missing",
    edit({ 2: "" }),
    { line: 1, column: 1, path: "region", phrase: "is required: AWS region, e.g. eu-west-1." },
  ],
  [
    "region without number",
    edit({ 2: "region: eu-west" }),
    {
      line: 2,
      column: 9,
      path: "region",
      phrase: 'must be an AWS region such as eu-west-1 or us-east-1 (got "eu-west")',
    },
  ],
  [
    "region in capitals",
    edit({ 2: "region: EU-WEST-1" }),
    { line: 2, column: 9, path: "region", phrase: "must be an AWS region" },
  ],
  [
    "target region override",
    edit({}, "    region: mars-1"),
    { line: 12, column: 13, path: "targets.ourthing.region", phrase: '(got "mars-1")' },
  ],
  [
    "region typo (issue 14, item 8)",
    edit({ 2: "region: eu-wset-1" }),
    {
      line: 2,
      column: 9,
      path: "region",
      phrase: '"eu-wset-1" is not an AWS region crossrole knows. Did you mean eu-west-1?',
    },
  ],
  [
    "target region not in AWS's list",
    edit({}, "    region: us-isob-east-1"),
    {
      line: 12,
      column: 13,
      path: "targets.ourthing.region",
      phrase: "allow it explicitly: allowUnknownRegion: true at the top of the spec",
    },
  ],
  [
    "KMS key ARN in a region that does not exist",
    edit(
      {},
      "    permissions:",
      "      s3:",
      '        write: ["artifacts/builds/"]',
      "        kmsKeyArns: [arn:aws:kms:eu-wset-1:111111111111:key/1234abcd-12ab-34cd-56ef-1234567890ab]",
    ),
    {
      line: 15,
      column: 22,
      path: "targets.ourthing.permissions.s3.kmsKeyArns[0]",
      phrase:
        'the region of arn:aws:kms:eu-wset-1:111111111111:key/1234abcd-12ab-34cd-56ef-1234567890ab, "eu-wset-1", is not an AWS region crossrole knows. Did you mean eu-west-1?',
    },
  ],
  // --- role ---
  [
    "role name with a space",
    edit({ 9: '    role: "bad role"' }),
    {
      line: 9,
      column: 11,
      path: "targets.ourthing.role",
      phrase:
        'must be a role name (1..64 of letters, digits and _+=,.@-), optionally after a path: /ci/RoleName (got "bad role")',
    },
  ],
  [
    "role path without leading slash",
    edit({ 9: "    role: ci/Role" }),
    { line: 9, column: 11, path: "targets.ourthing.role", phrase: "must be a role name" },
  ],
  [
    "role name of 65 characters",
    edit({ 9: `    role: ${"R".repeat(65)}` }),
    { line: 9, column: 11, path: "targets.ourthing.role", phrase: "65 characters" },
  ],
  [
    "role path with no name",
    edit({ 9: "    role: /ci/" }),
    { line: 9, column: 11, path: "targets.ourthing.role", phrase: "must be a role name" },
  ],
  // --- build principal ---
  [
    "principal kind misspelled",
    edit({ 5: "  principal: usr/ci-builder" }),
    { line: 5, column: 14, path: "build.principal", phrase: "must be user/NAME, role/NAME" },
  ],
  [
    "principal is a group ARN",
    edit({ 5: "  principal: arn:aws:iam::222222222222:group/devs" }),
    { line: 5, column: 14, path: "build.principal", phrase: "a full IAM user or role ARN, or root" },
  ],
  [
    "principal wildcard",
    edit({ 5: '  principal: "*"' }),
    { line: 5, column: 14, path: "build.principal", phrase: '(got "*")' },
  ],
  [
    "principal is a session ARN",
    edit({ 5: "  principal: arn:aws:sts::222222222222:assumed-role/ci/i-0abc" }),
    { line: 5, column: 14, path: "build.principal", phrase: "must be user/NAME" },
  ],
  [
    "principal ARN in another account",
    edit({ 5: "  principal: arn:aws:iam::333333333333:role/ci" }),
    {
      line: 5,
      column: 14,
      path: "build.principal",
      phrase: "is in account 333333333333, but build.account is 222222222222",
    },
  ],
  // --- permissions ---
  [
    "ECR repository in capitals",
    withPermissions("      ecr: { push: [App] }"),
    {
      line: 13,
      column: 21,
      path: "targets.ourthing.permissions.ecr.push[0]",
      phrase:
        'must be an ECR repository name: lowercase letters, digits, . _ - and / (e.g. team/app), 2..256 chars (got "App")',
    },
  ],
  [
    "ECR repository of 1 character",
    withPermissions("      ecr:", "        pull: [base, a]"),
    {
      line: 14,
      column: 22,
      path: "targets.ourthing.permissions.ecr.pull[1]",
      phrase: "must be an ECR repository name",
    },
  ],
  [
    "S3 location without slash",
    withPermissions('      s3: { write: ["bucket"] }'),
    {
      line: 13,
      column: 21,
      path: "targets.ourthing.permissions.s3.write[0]",
      phrase: 'must be "bucket/prefix/"',
    },
  ],
  [
    "S3 bucket in capitals",
    withPermissions('      s3: { read: ["Bucket/x/"] }'),
    { line: 13, column: 20, path: "targets.ourthing.permissions.s3.read[0]", phrase: '(got "Bucket/x/")' },
  ],
  [
    "S3 prefix without trailing slash",
    withPermissions('      s3: { read: ["my-bucket/x"] }'),
    {
      line: 13,
      column: 20,
      path: "targets.ourthing.permissions.s3.read[0]",
      phrase: 'a key prefix ending in "/"',
    },
  ],
  [
    "S3 one-letter bucket",
    withPermissions('      s3: { write: ["b/x"] }'),
    { line: 13, column: 21, path: "targets.ourthing.permissions.s3.write[0]", phrase: '(got "b/x")' },
  ],
  [
    "KMS key ARN malformed",
    withPermissions("      s3: { kmsKeyArns: [alias/x] }"),
    {
      line: 13,
      column: 26,
      path: "targets.ourthing.permissions.s3.kmsKeyArns[0]",
      phrase: "must be a KMS key ARN",
    },
  ],
  [
    "managed policy ARN malformed",
    withPermissions("      managedPolicyArns: [arn:aws:iam::aws:policy]"),
    {
      line: 13,
      column: 27,
      path: "targets.ourthing.permissions.managedPolicyArns[0]",
      phrase: "must be a managed policy ARN",
    },
  ],
  [
    "statement with neither Action nor NotAction",
    withPermissions("      statements:", '        - { Effect: Allow, Resource: "*" }'),
    {
      line: 14,
      column: 11,
      path: "targets.ourthing.permissions.statements[0]",
      phrase: "a statement needs exactly one of Action or NotAction",
    },
  ],
  [
    "statement with lowercase effect",
    withPermissions(
      "      statements:",
      '        - { Effect: allow, Action: "s3:GetObject", Resource: "*" }',
    ),
    {
      line: 14,
      column: 21,
      path: "targets.ourthing.permissions.statements[0].Effect",
      phrase: 'must be one of "Allow", "Deny" (got "allow")',
    },
  ],
  [
    "statement with Resource and NotResource",
    withPermissions(
      "      statements:",
      '        - { Effect: Allow, Action: "s3:*", Resource: "*", NotResource: "x" }',
    ),
    {
      line: 14,
      column: 11,
      path: "targets.ourthing.permissions.statements[0]",
      phrase: "exactly one of Resource or NotResource",
    },
  ],
  [
    "statement with a malformed action",
    withPermissions(
      "      statements:",
      '        - { Effect: Allow, Action: ["s3:GetObject", "s3 PutObject"], Resource: "*" }',
    ),
    {
      line: 14,
      column: 53,
      path: "targets.ourthing.permissions.statements[0].Action[1]",
      phrase: "must be an IAM action such as s3:GetObject",
    },
  ],
  [
    "statement Resource of the wrong type",
    withPermissions("      statements:", '        - { Effect: Allow, Action: "s3:*", Resource: { a: b } }'),
    {
      line: 14,
      column: 54,
      path: "targets.ourthing.permissions.statements[0].Resource",
      phrase: "must be a string or a list (got a mapping)",
    },
  ],
  // --- numbers and other types ---
  [
    "maxSessionDuration 100",
    edit({ 11: "    maxSessionDuration: 100" }),
    {
      line: 11,
      column: 25,
      path: "targets.ourthing.maxSessionDuration",
      phrase: "must be at least 3600 seconds (1 hour), the IAM minimum (got 100)",
    },
  ],
  [
    "maxSessionDuration 50000",
    edit({ 11: "    maxSessionDuration: 50000" }),
    {
      line: 11,
      column: 25,
      path: "targets.ourthing.maxSessionDuration",
      phrase: "must be at most 43200 seconds (12 hours)",
    },
  ],
  [
    "maxSessionDuration 3600.5",
    edit({ 11: "    maxSessionDuration: 3600.5" }),
    {
      line: 11,
      column: 25,
      path: "targets.ourthing.maxSessionDuration",
      phrase: "must be a whole number of seconds between 3600 and 43200 (got 3600.5, a number)",
    },
  ],
  [
    "maxSessionDuration as a string",
    edit({ 11: '    maxSessionDuration: "3600"' }),
    { line: 11, column: 25, path: "targets.ourthing.maxSessionDuration", phrase: '(got "3600", a string)' },
  ],
  [
    "allowSessionTags as a string",
    edit({}, "    allowSessionTags: yes"),
    {
      line: 12,
      column: 23,
      path: "targets.ourthing.allowSessionTags",
      phrase: 'must be true or false (got "yes", a string)',
    },
  ],
  [
    "description too long",
    edit({}, `    description: ${"d".repeat(1001)}`),
    { line: 12, column: 18, path: "targets.ourthing.description", phrase: "must be at most 1000 characters" },
  ],
  [
    "tag key starting with aws:",
    edit({}, '    tags: { "aws:team": platform }'),
    {
      line: 12,
      column: 13,
      path: 'targets.ourthing.tags["aws:team"]',
      phrase: "tag keys may not start with aws:",
    },
  ],
  [
    "tag value as a number",
    edit({}, "    tags: { cost-center: 42 }"),
    {
      line: 12,
      column: 26,
      path: "targets.ourthing.tags.cost-center",
      phrase: 'YAML read 42 as a number; write it in quotes: "42"',
    },
  ],
  [
    "build as a string",
    edit({ 3: "build: 222222222222", 4: "", 5: "" }),
    { line: 3, column: 8, path: "build", phrase: "must be a mapping (got 222222222222, a number)" },
  ],
  [
    "no targets",
    edit({ 6: "targets: {}", 7: "", 8: "", 9: "", 10: "", 11: "" }),
    { line: 6, column: 10, path: "targets", phrase: "must name at least one target" },
  ],
  [
    "targets left empty",
    edit({ 6: "targets:", 7: "", 8: "", 9: "", 10: "", 11: "" }),
    { line: 6, column: 1, path: "targets", phrase: "must be a mapping (got an empty value)" },
  ],
  // --- the file itself ---
  [
    "YAML syntax error",
    edit({ 9: "    role: [OurThingBuildRole" }),
    { line: 10, column: 5, path: "", phrase: "YAML syntax error: flow sequence" },
  ],
  [
    "YAML indentation error",
    edit({ 9: "   role: OurThingBuildRole" }),
    { line: 9, column: 1, path: "", phrase: "YAML syntax error" },
  ],
  [
    "tab indentation",
    edit({ 9: "\trole: OurThingBuildRole" }),
    { line: 9, column: 1, path: "", phrase: "tabs are not allowed for indentation" },
  ],
  [
    "two YAML documents",
    edit({}, "---", "version: 1"),
    { line: 12, column: 1, path: "", phrase: "more than one YAML document" },
  ],
  [
    "empty file",
    "",
    {
      line: 1,
      column: 1,
      path: "",
      phrase:
        'the spec is empty; run `crossrole init` to write a starter spec. A minimal spec: `version: 1`, `region: eu-west-1`, `build: { account: "222222222222", principal: user/ci }`',
    },
  ],
  ["whitespace only", "  \n\n \t\n", { line: 1, column: 1, path: "", phrase: "the spec is empty" }],
  [
    "comments only",
    "# crossrole spec\n# nothing yet\n",
    { line: 1, column: 1, path: "", phrase: "the spec is empty; run `crossrole init`" },
  ],
  [
    "a document marker only",
    "---\n# nothing yet\n",
    { line: 1, column: 1, path: "", phrase: "A minimal spec: `version: 1`" },
  ],
  [
    "binary file",
    "\u0000\u0001\u0002PK\u0003\u0004",
    { line: 1, column: 1, path: "", phrase: "is not a text file (a NUL byte here)" },
  ],
  [
    "a NUL byte on line 10",
    edit({ 10: "    externalId: some\u0000key" }),
    { line: 10, column: 21, path: "", phrase: "is not a text file (a NUL byte here)" },
  ],
  [
    "over 1 MiB",
    `# ${"x".repeat(1024 * 1024)}\n${edit({})}`,
    {
      line: 1,
      column: 1,
      path: "",
      phrase: "is 1 MiB (1048807 bytes); the limit for an access spec is 1 MiB (is this the right file?)",
    },
  ],
  [
    "an alias with no anchor",
    edit({ 9: "    role: *missing" }),
    { line: 9, column: 11, path: "", phrase: "alias `*missing` refers to no anchor: set `&missing`" },
  ],
  [
    "an alias used before its anchor",
    edit({ 9: "    role: *later", 10: "    externalId: &later some_key_build" }),
    { line: 9, column: 11, path: "", phrase: "alias `*later` refers to no anchor" },
  ],
  [
    "an alias bomb (billion laughs)",
    edit(
      {},
      "a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]",
      "b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]",
      "c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]",
      "d: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]",
      "e: [*d, *d, *d, *d, *d, *d, *d, *d, *d]",
    ),
    { line: 16, column: 5, path: "", phrase: "alias `*d` expand to too many values" },
  ],
  [
    "statement Resource that is not an ARN",
    withPermissions("      statements:", '        - { Effect: Allow, Action: "s3:*", Resource: "arn:bad" }'),
    {
      line: 14,
      column: 54,
      path: "targets.ourthing.permissions.statements[0].Resource",
      phrase: 'must be "*" or an ARN of the form arn:PARTITION:SERVICE:REGION:ACCOUNT:RESOURCE',
    },
  ],
  [
    "statement NotResource list with a bad ARN",
    withPermissions(
      "      statements:",
      '        - { Effect: Deny, Action: "s3:*", NotResource: ["arn:aws:s3:::ok/*", "bucket/key"] }',
    ),
    {
      line: 14,
      column: 78,
      path: "targets.ourthing.permissions.statements[0].NotResource[1]",
      phrase: 'must be "*" or an ARN',
    },
  ],
  [
    "top-level list",
    "- version: 1\n- region: eu-west-1\n",
    {
      line: 1,
      column: 1,
      path: "",
      phrase: "must be a mapping with version, region, build and targets at the top level (got a list)",
    },
  ],
  ["top-level scalar", "crossrole\n", { line: 1, column: 1, path: "", phrase: "(got a single value" }],
  [
    "JSON syntax error",
    JSON_SPEC('"222222222222"').replace('"principal": "root"', '"principal": root'),
    { line: 4, column: 54, path: "", phrase: "JSON syntax error: expected a value", file: "spec.json" },
  ],
  [
    "JSON trailing comma",
    JSON_SPEC('"222222222222"', ","),
    { line: 6, column: 1, path: "", phrase: "JSON allows no trailing comma", file: "spec.json" },
  ],
  [
    "JSON comment",
    JSON_SPEC('"222222222222"').replace("{\n", "{ // spec\n"),
    { line: 1, column: 3, path: "", phrase: "JSON has no comments", file: "spec.json" },
  ],
  [
    "JSON unterminated string",
    '{\n  "version": 1,\n  "region": "eu-west-1\n}',
    { line: 3, column: 23, path: "", phrase: "unterminated string", file: "spec.json" },
  ],
  [
    "JSON duplicate key",
    '{\n  "version": 1,\n  "version": 1\n}',
    {
      line: 3,
      column: 3,
      path: "version",
      phrase: "duplicate key `version`: each key may appear only once",
      file: "spec.json",
    },
  ],
  [
    "JSON top-level array",
    "[1, 2]",
    { line: 1, column: 1, path: "", phrase: "(got a list)", file: "spec.json" },
  ],
];

describe("parseSpec: malformed specs", () => {
  it("has a case for everything listed in the issue", () => {
    expect(malformed.length).toBeGreaterThanOrEqual(45);
  });

  it.each(malformed)("%s", (_name, text, expected) => {
    const issues = issuesOf(text, expected.file);
    const issue = issues.find((i) => i.path === expected.path);
    expect(issue, JSON.stringify(issues, null, 2)).toBeDefined();
    expect(issue?.message).toContain(expected.phrase);
    expect(issue?.location.file).toBe(expected.file ?? "crossrole.yaml");
    expect(issue?.location.line).toBe(expected.line);
    // Every spec error has a line AND a column.
    expect(issue?.location.column).toBe(expected.column);
    for (const i of issues)
      expect(i.location).toMatchObject({ line: expect.any(Number), column: expect.any(Number) });
    // Messages are for people: never zod's own wording.
    for (const i of issues)
      expect(i.message).not.toMatch(/Invalid input|expected \w+, received|Too (small|big)/);
  });
});

const ISSUE_EXAMPLE = `version: 1
region: eu-west-1
build:
  account: "222222222222"
  principal: user/ci-builder      # user/NAME, role/NAME, a full IAM ARN, or root (allowed, but linted)
targets:
  ourthing:
    account: "111111111111"
    role: OurThingBuildRole        # optional path: "/ci/OurThingBuildRole"
    description: Role for build server to do stuff with our stuff
    externalId: some_key_build
    maxSessionDuration: 3600      # 3600..43200
    permissions:
      ecr: { push: [app], pull: [base-images] }
      s3: { write: ["artifacts/builds/"], read: ["config/ci/"] }   # bucket/prefix
      managedPolicyArns: []
      statements: []               # raw IAM statements, validated
    tags: { team: platform }
`;

describe("parseSpec: alias bombs", () => {
  it("refuses a deep alias bomb fast, at the alias that expands it", () => {
    // 30 levels of 10 aliases each: 10^30 values if expanded.
    const lines = ["l0: &l0 [x, x, x, x, x, x, x, x, x, x]"];
    for (let i = 1; i < 30; i++)
      lines.push(
        `l${i}: &l${i} [${Array(10)
          .fill(`*l${i - 1}`)
          .join(", ")}]`,
      );
    const started = performance.now();
    const issues = issuesOf(edit({}, ...lines));
    expect(performance.now() - started).toBeLessThan(500);
    expect(issues[0]?.message).toContain("alias `*l28` expand to too many values");
    expect(issues[0]?.location).toEqual({ file: "crossrole.yaml", line: 41, column: 12 });
  });
});

describe("parseSpec: valid specs", () => {
  it("reads the example spec of the issue", () => {
    const spec = parseSpec(ISSUE_EXAMPLE, "crossrole.yaml");
    expect(spec.build).toEqual({ account: "222222222222", principal: "user/ci-builder" });
    expect(spec.targets.ourthing).toMatchObject({
      account: "111111111111",
      role: "OurThingBuildRole",
      externalId: "some_key_build",
      maxSessionDuration: 3600,
      permissions: { ecr: { push: ["app"], pull: ["base-images"] }, s3: { write: ["artifacts/builds/"] } },
      tags: { team: "platform" },
    });
  });

  it("reads the same spec as JSON", () => {
    const yaml = parseSpec(ISSUE_EXAMPLE, "crossrole.yaml");
    expect(parseSpec(JSON.stringify(yaml, null, 2), "crossrole.json")).toEqual(yaml);
    expect(parseSpec(JSON_SPEC('"222222222222"'), "spec.JSON").build.principal).toBe("root");
  });

  it.each([
    ["a role with a path", { 9: "    role: /ci/builds/OurThingBuildRole" }],
    ["a full-ARN user principal", { 5: "  principal: arn:aws:iam::222222222222:user/ci/ci-builder" }],
    ["a full-ARN role principal in GovCloud", { 5: "  principal: arn:aws-us-gov:iam::222222222222:role/ci" }],
    ["a short role principal with a path", { 5: "  principal: role/ci/builder" }],
    ["the root principal", { 5: "  principal: root" }],
    ["no externalId and no maxSessionDuration", { 10: "", 11: "" }],
    [
      "a raw statement",
      {},
      "    permissions:",
      "      statements:",
      '        - { Sid: S1, Effect: Deny, NotAction: "s3:*", Resource: ["*"] }',
    ],
    ["a $schema key", { 1: "$schema: ./schema/crossrole.schema.json\nversion: 1" }],
    [
      "raw statements naming resources by ARN patterns",
      {},
      "    permissions:",
      "      statements:",
      // biome-ignore lint/suspicious/noTemplateCurlyInString: an IAM policy variable, not a placeholder
      '        - { Effect: Allow, Action: "s3:GetObject", Resource: "arn:aws:s3:::bucket/${aws:username}/*" }',
      // biome-ignore lint/suspicious/noTemplateCurlyInString: an IAM policy variable, not a placeholder
      '        - { Effect: Allow, Action: "sts:AssumeRole", Resource: ["arn:aws:iam::*:role/ci-*", "arn:*:iam::${aws:PrincipalAccount}:role/x"] }',
      '        - { Effect: Allow, Action: "logs:*", Resource: "arn:aws-us-gov:logs:us-gov-west-1:111111111111:log-group:/ci/*:*" }',
      '        - { Effect: Allow, Action: "ec2:Describe*", Resource: "arn:aws:ec2:eu-west-?:111111111111:instance/*" }',
    ],
    [
      "a region newer than crossrole's list, with allowUnknownRegion: true",
      { 2: "region: ap-newland-1\nallowUnknownRegion: true" },
      "    region: xx-later-2",
    ],
  ] as Array<[string, Record<number, string>, ...string[]]>)("accepts %s", (_name, changes, ...extra) => {
    expect(() => parseSpec(edit(changes, ...extra), "crossrole.yaml")).not.toThrow();
  });

  it("accepts a byte-order mark and CRLF line ends", () => {
    const spec = parseSpec(`\uFEFF${edit({}).replaceAll("\n", "\r\n")}`, "crossrole.yaml");
    expect(spec.region).toBe("eu-west-1");
  });
});

describe("parseSpec: reporting", () => {
  it("reports every problem at once, in file order, in one message", () => {
    const text = edit({ 2: "region: eu-west", 4: "  account: 222222222222", 10: "    externalID: x" });
    const error = (() => {
      try {
        parseSpec(text, "crossrole.yaml");
      } catch (e) {
        return e as SpecError;
      }
      throw new Error("expected a SpecError");
    })();
    expect(error.issues.map((i) => i.location.line)).toEqual([2, 4, 10]);
    expect(error.code).toBe("INVALID_SPEC");
    expect(error.kind).toBe("invalid-input");
    expect(error.message).toContain("Invalid access spec (3 problems):");
    expect(error.message).toContain(
      "crossrole.yaml:10:5: targets.ourthing.externalID: unknown key `externalID`",
    );
  });

  it("never dumps a huge value into the message", () => {
    const issues = issuesOf(edit({ 10: `    externalId: "${"a b".repeat(5000)}"` }));
    expect(issues[0]?.message.length).toBeLessThan(300);
  });
});
