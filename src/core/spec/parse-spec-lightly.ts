import {
  ACCOUNT_ID,
  ECR_REPOSITORY,
  EXTERNAL_ID,
  IAM_PRINCIPAL_ARN,
  KMS_KEY_ARN,
  MANAGED_POLICY_ARN,
  REGION,
  TAG_KEY,
  TAG_VALUE,
  TARGET_NAME,
} from "../identifiers/aws-patterns.js";
import { checkSpecConsistency } from "./check-spec-consistency.js";
import { SPEC_NAME } from "./spec-name.js";
import type { AccessSpec } from "./spec-schema.js";
import { isRoleRef, isS3Location, isShortPrincipal } from "./spec-value-rules.js";

/**
 * The access spec read without the YAML parser and the schema validator, for the assume fast path of a CI runner
 * whose cache directory is empty: a strict reader of a small, common subset. It answers only when the spec is
 * plain block-style YAML in that subset and valid, and then with exactly the data `parseSpec` returns; on anything
 * else (JSON, flow style, anchors, tags, block scalars, multi-line or escaped strings, keys or values it does not
 * know, multi-account targets, admin blocks, raw statements, a value of the wrong type, an invalid value...) it
 * returns undefined and the caller runs the real parser, which accepts or reports. It never throws and never
 * accepts a spec `parseSpec` would refuse (property-tested against it: `parse-spec-lightly.test.ts`).
 *
 * The subset: ASCII text without tabs or carriage returns; `key: value` lines at consistent indentation, comment
 * and blank lines; `- value` items under a key; keys of letters, digits, `_` and `-` (and `$schema`); values
 * plain (words of letters, digits and `_./=+,@:-`, starting with a letter, digit, `_`, `.` or `/`) or quoted on
 * one line without escapes. A plain value that YAML's core schema could read as anything but a string, a whole
 * number or true/false (null, `0x1F`, `1e3`, `.inf`, `True`...) is left to the real parser.
 */
export function parseSpecLightly(text: string, file: string): AccessSpec | undefined {
  if (/\.json$/i.test(file) || text.length > MAX_LIGHT_CHARS || !/^[\x20-\x7e\n]*$/.test(text))
    return undefined;
  const data = readBlockYaml(text);
  if (data === undefined || !isSpec(data) || checkSpecConsistency(data).length > 0) return undefined;
  return data as unknown as AccessSpec;
}

// --- internal ---

/** Far above any spec with a few dozen targets; bigger ones (rare) take the real parser. */
const MAX_LIGHT_CHARS = 256 * 1024;

/** A value as YAML's core schema would read it: string, integer, boolean, or a list or mapping of them. */
type Value = string | number | boolean | Value[] | { [key: string]: Value };
type Mapping = { [key: string]: Value };

/** A scalar the reader cannot type with certainty (looks like a number, null, a YAML 1.1 word...). */
const UNTYPED = Symbol("untyped");

interface Line {
  indent: number;
  /** `key: ...` or `- ...`. */
  kind: "key" | "item";
  key: string;
  /** undefined: nothing after the colon (a nested block follows, or null). */
  value: string | number | boolean | typeof UNTYPED | undefined;
}

const KEY = /^(?:[A-Za-z][A-Za-z0-9_-]{0,127}|\$schema)$/;
/** Words the core schema reads as null or booleans; any other key of KEY is a string. */
const RESERVED_KEY = /^(?:null|Null|NULL|true|True|TRUE|false|False|FALSE)$/;
const COMMENT = /^(?:\s+#.*)?\s*$/;

/** The document as plain data, or undefined when it is not in the subset. */
function readBlockYaml(text: string): Mapping | undefined {
  const lines: Line[] = [];
  for (const raw of text.split("\n")) {
    if (/^\s*(?:#.*)?$/.test(raw)) continue; // blank or comment
    const line = readLine(raw);
    if (line === undefined) return undefined;
    lines.push(line);
  }
  if (lines.length === 0 || lines[0]?.indent !== 0) return undefined;
  const at = { i: 0 };
  const root = readMapping(lines, at, 0);
  return root !== undefined && at.i === lines.length ? root : undefined;
}

function readLine(raw: string): Line | undefined {
  const m = /^( *)(- +)?(.*)$/.exec(raw);
  if (m === null) return undefined;
  const indent = (m[1] ?? "").length;
  const rest = m[3] ?? "";
  if (m[2] !== undefined) {
    const value = readScalar(rest);
    if (value === undefined) return undefined;
    return { indent, kind: "item", key: "", value };
  }
  const k = /^([^:\s]+):(?: +(.*))?$/.exec(rest);
  if (k === null) return undefined;
  const key = k[1] ?? "";
  if (!KEY.test(key) || RESERVED_KEY.test(key)) return undefined;
  const after = k[2] ?? "";
  if (COMMENT.test(after === "" ? "" : ` ${after}`)) return { indent, kind: "key", key, value: undefined };
  const value = readScalar(after);
  return value === undefined ? undefined : { indent, kind: "key", key, value };
}

/** A one-line scalar, optionally followed by a comment; undefined when not in the subset. */
function readScalar(text: string): Line["value"] {
  const quoted = /^(?:"([^"\\]*)"|'([^']*)')(.*)$/.exec(text);
  if (quoted !== null) {
    if (!COMMENT.test(quoted[3] ?? "")) return undefined;
    return quoted[1] ?? quoted[2] ?? "";
  }
  // Words separated by spaces (a plain scalar ends at " #"); ": " inside would start a mapping.
  const plain = /^([A-Za-z0-9_./][\w./=+,@:-]*(?: +[\w./=+,@:-]+)*)(.*)$/.exec(text);
  if (plain === null || !COMMENT.test(plain[2] ?? "")) return undefined;
  const value = plain[1] ?? "";
  if (value.endsWith(":") || value.includes(": ")) return undefined;
  if (value.includes(" ")) return value; // no number, null or boolean has a space
  if (value === "true") return true;
  if (value === "false") return false;
  if (/^[1-9][0-9]{0,8}$/.test(value)) return Number(value);
  // Numbers, null, other spellings of booleans, .inf/.nan: the real parser decides.
  if (/^(?:[0-9]|\.(?:[0-9]|inf|Inf|INF|nan|NaN|NAN))/.test(value)) return UNTYPED;
  if (/^(?:null|Null|NULL|True|TRUE|False|FALSE)$/.test(value)) return UNTYPED;
  return value;
}

function readMapping(lines: Line[], at: { i: number }, indent: number): Mapping | undefined {
  const out: Mapping = {};
  while (at.i < lines.length) {
    const line = lines[at.i] as Line;
    if (line.indent < indent) break;
    if (line.indent > indent || line.kind !== "key") return undefined;
    if (Object.hasOwn(out, line.key)) return undefined; // duplicate key: the real parser reports it
    at.i++;
    const next = lines[at.i];
    let value: Value | undefined;
    if (line.value === UNTYPED) return undefined;
    if (line.value !== undefined) {
      // A more indented line after a scalar would continue it (a multi-line plain scalar) or be an error.
      if (next !== undefined && next.indent > indent) return undefined;
      value = line.value;
    } else if (next !== undefined && next.kind === "key" && next.indent > indent) {
      value = readMapping(lines, at, next.indent);
    } else if (next !== undefined && next.kind === "item" && next.indent >= indent) {
      value = readSequence(lines, at, next.indent);
    }
    if (value === undefined) return undefined; // null, or not in the subset
    out[line.key] = value;
  }
  return out;
}

function readSequence(lines: Line[], at: { i: number }, indent: number): Value[] | undefined {
  const out: Value[] = [];
  while (at.i < lines.length) {
    const line = lines[at.i] as Line;
    if (line.indent < indent || (line.indent === indent && line.kind === "key")) break;
    if (line.indent > indent || line.kind !== "item") return undefined;
    if (line.value === undefined || line.value === UNTYPED) return undefined;
    out.push(line.value);
    at.i++;
  }
  return out;
}

// --- the schema's rules, for the keys the subset knows (anything else: undefined, the real parser decides) ---

function isSpec(data: Mapping): boolean {
  const { $schema, version, name, region, allowUnknownRegion, build, targets } = data;
  return (
    onlyKeys(data, ["$schema", "version", "name", "region", "allowUnknownRegion", "build", "targets"]) &&
    ($schema === undefined || typeof $schema === "string") &&
    version === 1 &&
    (name === undefined || matches(name, SPEC_NAME)) &&
    matches(region, REGION) &&
    (allowUnknownRegion === undefined || typeof allowUnknownRegion === "boolean") &&
    isMapping(build) &&
    onlyKeys(build, ["account", "principal"]) &&
    matches(build.account, ACCOUNT_ID) &&
    typeof build.principal === "string" &&
    (build.principal === "root" ||
      IAM_PRINCIPAL_ARN.test(build.principal) ||
      isShortPrincipal(build.principal)) &&
    isMapping(targets) &&
    Object.keys(targets).length > 0 &&
    Object.entries(targets).every(([key, target]) => TARGET_NAME.test(key) && isTarget(target))
  );
}

function isTarget(target: Value): boolean {
  if (!isMapping(target)) return false;
  const t = target;
  return (
    onlyKeys(t, [
      "account",
      "role",
      "region",
      "description",
      "externalId",
      "maxSessionDuration",
      "allowSessionTags",
      "allowSourceIdentity",
      "permissions",
      "tags",
    ]) &&
    matches(t.account, ACCOUNT_ID) &&
    typeof t.role === "string" &&
    isRoleRef(t.role) &&
    (t.region === undefined || matches(t.region, REGION)) &&
    (t.description === undefined || (typeof t.description === "string" && t.description.length <= 1000)) &&
    (t.externalId === undefined || matches(t.externalId, EXTERNAL_ID)) &&
    (t.maxSessionDuration === undefined ||
      (typeof t.maxSessionDuration === "number" &&
        Number.isInteger(t.maxSessionDuration) &&
        t.maxSessionDuration >= 3600 &&
        t.maxSessionDuration <= 43200)) &&
    (t.allowSessionTags === undefined || typeof t.allowSessionTags === "boolean") &&
    (t.allowSourceIdentity === undefined || typeof t.allowSourceIdentity === "boolean") &&
    (t.permissions === undefined || isPermissions(t.permissions)) &&
    (t.tags === undefined || isTags(t.tags))
  );
}

function isPermissions(p: Value): boolean {
  if (!isMapping(p) || !onlyKeys(p, ["ecr", "s3", "managedPolicyArns"])) return false;
  const { ecr, s3, managedPolicyArns } = p;
  return (
    (ecr === undefined ||
      (isMapping(ecr) &&
        onlyKeys(ecr, ["push", "pull"]) &&
        optionalList(ecr.push, (v) => ECR_REPOSITORY.test(v)) &&
        optionalList(ecr.pull, (v) => ECR_REPOSITORY.test(v)))) &&
    (s3 === undefined ||
      (isMapping(s3) &&
        onlyKeys(s3, ["write", "read", "kmsKeyArns"]) &&
        optionalList(s3.write, isS3Location) &&
        optionalList(s3.read, isS3Location) &&
        optionalList(s3.kmsKeyArns, (v) => KMS_KEY_ARN.test(v)))) &&
    optionalList(managedPolicyArns, (v) => MANAGED_POLICY_ARN.test(v))
  );
}

function isTags(tags: Value): boolean {
  if (!isMapping(tags)) return false;
  const entries = Object.entries(tags);
  return (
    entries.length <= 49 &&
    entries.every(([k, v]) => TAG_KEY.test(k) && !k.startsWith("aws:") && matches(v, TAG_VALUE))
  );
}

function optionalList(value: Value | undefined, each: (v: string) => boolean): boolean {
  return (
    value === undefined || (Array.isArray(value) && value.every((v) => typeof v === "string" && each(v)))
  );
}

function matches(value: Value | undefined, pattern: RegExp): boolean {
  return typeof value === "string" && pattern.test(value);
}

function isMapping(value: Value | undefined): value is Mapping {
  return typeof value === "object" && !Array.isArray(value);
}

function onlyKeys(value: Mapping, known: readonly string[]): boolean {
  return Object.keys(value).every((k) => known.includes(k));
}
