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
import { type PlainYamlMapping, type PlainYamlValue, readPlainYaml } from "./read-plain-yaml.js";
import { SPEC_NAME } from "./spec-name.js";
import type { AccessSpec } from "./spec-schema.js";
import { isRoleRef, isS3Location, isShortPrincipal } from "./spec-value-rules.js";

/**
 * The access spec read without the YAML parser and the schema validator, for the assume fast path of a CI runner
 * whose cache directory is empty. It answers only when the spec is in `readPlainYaml`'s subset of YAML (plain
 * block style, one-line flow lists and mappings) and valid for the keys this reader knows, and then with exactly the
 * data `parseSpec` returns; on anything else (JSON, anchors, tags, block scalars, multi-line or escaped strings,
 * keys or values it does not know, multi-account targets, admin blocks, raw statements, a value of the wrong type,
 * an invalid value...) it returns undefined and the caller runs the real parser, which accepts or reports. It never
 * throws and never accepts a spec `parseSpec` would refuse (property-tested against it:
 * `parse-spec-lightly.test.ts`).
 */
export function parseSpecLightly(text: string, file: string): AccessSpec | undefined {
  if (/\.json$/i.test(file) || text.length > MAX_LIGHT_CHARS) return undefined;
  const data = readPlainYaml(text);
  if (data === undefined || !isSpec(data) || checkSpecConsistency(data).length > 0) return undefined;
  return data as unknown as AccessSpec;
}

// --- internal ---

type Value = PlainYamlValue;
type Mapping = PlainYamlMapping;

/** Far above any spec with a few dozen targets; bigger ones (rare) take the real parser. */
const MAX_LIGHT_CHARS = 256 * 1024;

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
