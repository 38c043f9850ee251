import { ENV_FORMATS } from "../../outputs/env-formats.js";
import { type CommandName, commandNames } from "./command-names.js";

/**
 * One command-line option, declared once: what node:util parseArgs needs, and what help and completion show. Its
 * help text lives in option-help.ts (keyed by the same id, checked by the compiler), so that the parse
 * configuration stays cheap to load: assume's CommonJS fast path parses argv with this table and never loads help.
 */
export interface OptionDef {
  /** The flag, without "--" (default: the table key). Several entries may share a flag for different commands. */
  readonly flag?: string;
  readonly short?: string;
  readonly type: "string" | "boolean";
  /** Repeatable: every value is kept, in order. */
  readonly multiple?: boolean;
  /** The value's name in help (string options), e.g. FILE. */
  readonly value?: string;
  /** The positional argument that means the same (help shows "TARGET, -t, --target NAME"). */
  readonly positional?: string;
  /** An environment variable that gives the same setting when the flag is absent. */
  readonly env?: string;
  /** Applied by the parser when the flag is absent. */
  readonly default?: string | boolean;
  /** What completion offers for the value. */
  readonly complete?: "targets" | "files" | "dirs" | "profiles" | readonly string[];
  /** The commands that take it, in any order; help lists a command's options in table order. */
  readonly commands: readonly CommandName[];
}

const access = ["apply", "diff", "destroy"] as const;
/** Commands that work on targets of the spec, with the admin credentials of both sides. */
const twoSided = [...access, "rollout", "verify", "revoke", "rotate"] as const;
/** Commands that assume a target's role with the source (BUILD) credentials. */
const assuming = ["assume", "exec", "serve", "ecr login", "ecr configure-helper", "ecr logout"] as const;
const ecr = ["ecr login", "ecr configure-helper", "ecr logout"] as const;
/** Commands that read the spec. */
const specReaders = ["plan", "lint", ...twoSided, ...assuming, "profile"] as const;
/** Commands that make AWS calls (or write region-bearing output: plan's templates, profile's config). */
const regional = ["plan", ...twoSided, ...assuming, "profile"] as const;

/** Commands that print a report or notes (all but completion and schema, which print a script or a file): they take --no-color and -q/--quiet. */
const reporting = commandNames.filter((c) => c !== "completion" && c !== "schema");

/**
 * Every option of every command. To add one: an entry here (flag, type, the commands taking it) and its help line
 * in option-help.ts (the compiler names a missing one); the command then reads `values[flag]`, and its --help,
 * completion and the consistency test (test/cli/options-consistency.test.ts) follow.
 */
export const optionTable = {
  // --- which spec, which targets ---
  config: {
    short: "c",
    type: "string",
    value: "FILE",
    env: "CROSSROLE_CONFIG",
    complete: "files",
    commands: [...specReaders, "whoami"],
  },
  target: {
    short: "t",
    type: "string",
    multiple: true,
    value: "NAME",
    positional: "TARGET",
    complete: "targets",
    commands: specReaders,
  },
  // --- credentials ---
  profile: {
    type: "string",
    value: "NAME",
    env: "AWS_PROFILE",
    complete: "profiles",
    commands: [...twoSided, ...assuming, "profile", "whoami"],
  },
  "source-profile": {
    type: "string",
    value: "NAME",
    complete: "profiles",
    commands: [...assuming, "profile", "verify", "revoke", "rotate", "whoami"],
  },
  "audit-profile": {
    flag: "profile",
    type: "string",
    multiple: true,
    value: "NAME",
    complete: "profiles",
    commands: ["audit"],
  },
  "ignore-file": { type: "string", value: "FILE", complete: "files", commands: ["audit"] },
  "target-profile": { type: "string", value: "NAME", complete: "profiles", commands: twoSided },
  "build-profile": { type: "string", value: "NAME", complete: "profiles", commands: twoSided },
  region: {
    type: "string",
    value: "REGION",
    env: "AWS_REGION",
    commands: [...regional, "configure", "whoami", "audit"],
  },
  "endpoint-url": {
    type: "string",
    value: "URL",
    env: "AWS_ENDPOINT_URL",
    commands: [...twoSided, ...assuming, "whoami", "audit"],
  },
  // --- apply, diff, destroy, rollout ---
  side: {
    type: "string",
    value: "SIDE",
    default: "all",
    complete: ["target", "build", "all"],
    commands: access,
  },
  concurrency: { type: "string", value: "N", commands: [...access, "verify", "revoke"] },
  "dry-run": { type: "boolean", commands: ["apply", "destroy", "rollout"] },
  yes: { short: "y", type: "boolean", commands: ["apply", "destroy", "rollout", "revoke", "rotate"] },
  adopt: { type: "boolean", commands: ["apply"] },
  "create-build-user": { type: "boolean", commands: ["apply"] },
  "key-out": { type: "string", value: "FILE|-", complete: "files", commands: ["apply", "rotate"] },
  "no-build-grant": { type: "boolean", commands: ["rollout"] },
  "max-concurrent": { type: "string", value: "N", commands: ["rollout"] },
  "failure-tolerance": { type: "string", value: "N", commands: ["rollout"] },
  "administration-role-arn": { type: "string", value: "ARN", commands: ["rollout"] },
  "execution-role-name": { type: "string", value: "NAME", commands: ["rollout"] },
  "delegated-admin": { type: "boolean", commands: ["rollout"] },
  // --- plan, lint, verify, diff ---
  "plan-format": {
    flag: "format",
    short: "f",
    type: "string",
    value: "F",
    complete: ["text", "json", "markdown", "dot", "cloudformation", "terraform"],
    commands: ["plan"],
  },
  "diff-format": {
    flag: "format",
    short: "f",
    type: "string",
    value: "F",
    complete: ["text", "json", "markdown"],
    commands: ["diff"],
  },
  "comment-file": { type: "string", value: "FILE", complete: "files", commands: ["plan", "diff"] },
  "plan-out": { flag: "out", short: "o", type: "string", value: "DIR", complete: "dirs", commands: ["plan"] },
  json: {
    type: "boolean",
    commands: [
      "plan",
      "lint",
      "diff",
      "verify",
      "apply",
      "destroy",
      "revoke",
      "rotate",
      "rollout",
      "init",
      "whoami",
      "ecr login",
      "ecr configure-helper",
      "ecr logout",
      "profile",
      "configure",
      "audit",
    ],
  },
  strict: { type: "boolean", commands: ["lint"] },
  "verify-out": { flag: "out", type: "string", value: "FILE", complete: "files", commands: ["verify"] },
  html: { type: "string", value: "FILE", complete: "files", commands: ["verify"] },
  "probe-writes": { type: "boolean", commands: ["verify"] },
  // --- revoke, rotate ---
  all: { type: "boolean", commands: ["revoke"] },
  "disable-build-keys": { type: "boolean", commands: ["revoke"] },
  "no-proof": { type: "boolean", commands: ["revoke"] },
  finish: { type: "boolean", commands: ["rotate"] },
  "keep-old": { type: "boolean", commands: ["rotate"] },
  // --- assume, exec, serve, ecr, profile ---
  "role-arn": { type: "string", value: "ARN", commands: [...assuming, "profile"] },
  "external-id": { type: "string", value: "ID", commands: [...assuming, "profile"] },
  "session-name": { type: "string", value: "NAME", commands: [...assuming, "profile"] },
  duration: { type: "string", value: "DURATION", commands: [...assuming, "profile"] },
  "source-identity": { type: "string", value: "ID", commands: assuming },
  tag: { type: "string", multiple: true, value: "KEY=VALUE", commands: assuming },
  "min-ttl": { type: "string", value: "DURATION", commands: assuming },
  "no-cache": { type: "boolean", commands: assuming },
  "id-token-variable": { type: "string", value: "NAME", commands: [...assuming, "profile"] },
  "assume-format": {
    flag: "format",
    short: "f",
    type: "string",
    value: "F",
    complete: ENV_FORMATS,
    commands: ["assume"],
  },
  serve: { type: "boolean", commands: ["exec"] },
  port: { type: "string", value: "PORT", commands: ["serve"] },
  bind: { type: "string", value: "ADDR", commands: ["serve"] },
  "registry-id": { type: "string", multiple: true, value: "ID", commands: ecr },
  "print-password": { type: "boolean", commands: ["ecr login"] },
  docker: { type: "boolean", commands: ["ecr login"] },
  // --- profile, configure, init ---
  "profile-name": { flag: "name", short: "n", type: "string", value: "NAME", commands: ["profile"] },
  "source-from-env": { type: "boolean", commands: ["profile"] },
  "credential-source": {
    type: "string",
    value: "SOURCE",
    complete: ["Environment", "Ec2InstanceMetadata", "EcsContainer"],
    commands: ["profile"],
  },
  remove: { type: "boolean", commands: ["profile"] },
  "profile-force": { flag: "force", type: "boolean", commands: ["profile", "configure"] },
  "from-env": { type: "boolean", commands: ["configure"] },
  "configure-profile": { flag: "profile", type: "string", value: "NAME", commands: ["configure"] },
  "build-account": { type: "string", value: "ID", commands: ["init"] },
  "build-principal": { type: "string", value: "P", commands: ["init"] },
  "init-target": {
    flag: "target",
    type: "string",
    multiple: true,
    value: "NAME=ACCOUNT",
    commands: ["init"],
  },
  role: { type: "string", value: "NAME", default: "CrossroleBuildRole", commands: ["init"] },
  "init-region": { flag: "region", type: "string", value: "REGION", env: "AWS_REGION", commands: ["init"] },
  "init-name": { flag: "name", type: "string", value: "NAME", commands: ["init"] },
  "init-out": {
    flag: "out",
    short: "o",
    type: "string",
    value: "FILE",
    complete: "files",
    commands: ["init"],
  },
  "init-force": { flag: "force", type: "boolean", commands: ["init"] },
  "schema-path": { flag: "path", type: "boolean", commands: ["schema"] },
  "schema-url": { flag: "url", type: "boolean", commands: ["schema"] },
  // --- everywhere ---
  "no-color": { type: "boolean", commands: reporting },
  quiet: { short: "q", type: "boolean", commands: reporting },
  help: { short: "h", type: "boolean", commands: [] },
} as const satisfies Record<string, OptionDef>;

/** An option's key in {@link optionTable}. */
export type OptionId = keyof typeof optionTable;
