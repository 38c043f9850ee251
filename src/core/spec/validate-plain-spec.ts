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
import { isLintRuleId, LINT_RULE_MAX_SEVERITY } from "./lint-rule-ids.js";
import type { PlainYamlMapping, PlainYamlValue } from "./read-plain-yaml.js";
import { SPEC_NAME } from "./spec-name.js";
import type { AccessSpec } from "./spec-schema.js";
import { isRoleRef, isS3Location, isShortPrincipal } from "./spec-value-rules.js";

/**
 * The spec schema's judgement of a plain spec (readPlainYaml's data), without zod: the spec when it uses only the
 * keys this validator knows (no multi-account targets, admin blocks, raw statements, OIDC...) and is valid,
 * consistency checks included; undefined on anything else, valid or not, and the caller asks the zod schema,
 * which accepts or reports every problem with its line:column. It never accepts a spec the schema would refuse,
 * and returns the very data the schema would (the schema transforms nothing): property- and table-tested against
 * it (`parse-spec-lightly.test.ts`, `validate-plain-spec.test.ts`). zod costs a command that reads a plain spec
 * (plan, lint) a large share of its start-up: compiling zod and building the schema.
 */
export function validatePlainSpec(data: PlainYamlMapping): AccessSpec | undefined {
  return isSpec(data) && checkSpecConsistency(data).length === 0
    ? (data as unknown as AccessSpec)
    : undefined;
}

// --- internal ---

type Value = PlainYamlValue;
type Mapping = PlainYamlMapping;

// --- the schema's rules, for the keys the subset knows (anything else: undefined, the real parser decides) ---

function isSpec(data: Mapping): boolean {
  const { $schema, version, name, region, allowUnknownRegion, build, targets, lint } = data;
  return (
    onlyKeys(data, [
      "$schema",
      "version",
      "name",
      "region",
      "allowUnknownRegion",
      "build",
      "targets",
      "lint",
    ]) &&
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
    Object.entries(targets).every(([key, target]) => TARGET_NAME.test(key) && isTarget(target)) &&
    (lint === undefined || isLintSettings(lint))
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
      "lint",
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
    (t.tags === undefined || isTags(t.tags)) &&
    (t.lint === undefined || isLintSettings(t.lint))
  );
}

/** `lint: { ignore: [...] }`: a rule id that cannot report an error, or `{ rule, reason }`. */
function isLintSettings(lint: Value): boolean {
  if (!isMapping(lint) || !onlyKeys(lint, ["ignore"])) return false;
  const { ignore } = lint;
  return (
    ignore === undefined ||
    (Array.isArray(ignore) &&
      ignore.every((entry) =>
        typeof entry === "string"
          ? isLintRuleId(entry) && LINT_RULE_MAX_SEVERITY[entry] !== "error"
          : isMapping(entry) &&
            onlyKeys(entry, ["rule", "reason"]) &&
            isLintRuleId(entry.rule) &&
            typeof entry.reason === "string" &&
            entry.reason.length >= 1 &&
            entry.reason.length <= 1000,
      ))
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
