import { schemaUrl } from "./schema-url.js";

/** What a starter spec is made of: everything `crossrole init` was told, plus one generated ExternalId per target. */
export interface StarterSpecOptions {
  /** The spec's identity on its BUILD principal (its part of the grant). */
  name: string;
  region: string;
  buildAccount: string;
  /** `user/NAME`, `role/NAME`, a full IAM ARN, or `root`. */
  buildPrincipal: string;
  targets: Array<{ name: string; account: string; role: string; externalId: string }>;
  /** The `$schema` editors validate the file against (see schemaUrl); default: the latest release's. */
  schemaUrl?: string | undefined;
}

/**
 * A commented starter `crossrole.yaml`: what the file is, what to run next, and each target with a description,
 * its ExternalId and a one-hour session limit; an example permissions block is left commented out. Values are
 * quoted whenever YAML could misread them (account IDs always are). The output parses with parseSpec when the
 * options are valid; `crossrole init` relies on that to validate its flags.
 */
export function renderStarterSpec(options: StarterSpecOptions): string {
  return [
    `# yaml-language-server: $schema=${options.schemaUrl ?? schemaUrl("latest")}`,
    ...HEADER,
    "version: 1",
    "# This spec's own part of the BUILD principal's grant (crossrole-assume-targets-<name>): other specs on the",
    "# same principal keep theirs. Keep it when you copy the file; give a second spec its own.",
    `name: ${scalar(options.name)}`,
    `region: ${scalar(options.region)}`,
    "",
    "# The BUILD account and who builds run as: user/NAME, role/NAME, a full IAM ARN, or root (the whole account).",
    "build:",
    `  account: ${JSON.stringify(options.buildAccount)}`,
    `  principal: ${scalar(options.buildPrincipal)}`,
    "",
    "# Each target: an account and the role builds assume in it. Names are yours; they label files and output.",
    "targets:",
    ...options.targets.flatMap((target, i) => [...(i === 0 ? [] : [""]), ...renderTarget(target)]),
    "",
  ].join("\n");
}

// --- internal ---

const HEADER = [
  "#",
  "# crossrole access spec: build servers in the BUILD account assume one role in each target account",
  "# (sts:AssumeRole with a per-target ExternalId) instead of holding long-lived keys for it.",
  "#",
  "#   crossrole plan    show the IAM documents each account needs (offline, changes nothing)",
  "#   crossrole lint    review them for security problems",
  "#",
  "# The ExternalIds were generated for you. They are not secrets, but keep one per target and don't reuse them.",
  "",
];

function renderTarget(target: StarterSpecOptions["targets"][number]): string[] {
  return [
    `  ${scalar(target.name)}:`,
    `    account: ${JSON.stringify(target.account)}`,
    `    role: ${scalar(target.role)}  # a role name, optionally with a path: /ci/RoleName`,
    `    description: ${JSON.stringify(`Build access for ${target.name}, assumed from the BUILD account`)}`,
    `    externalId: ${scalar(target.externalId)}`,
    "    maxSessionDuration: 3600  # seconds, 3600..43200",
    "    # What builds may do in this account. Uncomment and adapt:",
    "    # permissions:",
    "    #   ecr: { push: [my-app], pull: [base-images] }  # ECR repository names",
    '    #   s3: { write: ["my-bucket/builds/"], read: ["my-bucket/config/"] }  # "bucket/prefix/"',
    "    #   statements: []  # raw IAM statements, validated",
    "    # tags: { team: platform }",
  ];
}

/**
 * The value as a plain YAML scalar when that reads back as the same string, otherwise double-quoted (JSON strings
 * are valid YAML). Plain: starts with a letter or `/`, then word characters and `/ . - @ = + ,` only (no `: `, `#`,
 * flow indicators) and is not a word YAML reads as something else.
 */
function scalar(value: string): string {
  const plain =
    /^[A-Za-z/][\w/.@=+,-]*$/.test(value) && !/^(?:true|false|null|yes|no|on|off|y|n|~)$/i.test(value);
  return plain ? value : JSON.stringify(value);
}
