import { UsageError } from "../core/errors.js";
import { parseDuration } from "../core/parse-duration.js";
import type { RunnerCommands } from "./runner-commands.js";

/** Every input of action.yml, in its order: the only names the action reads (test/action pins the two equal). */
export const ACTION_INPUTS = [
  "target",
  "spec",
  "role-arn",
  "external-id",
  "export",
  "ecr-login",
  "duration",
  "session-name",
  "region",
  "mask-aws-account-id",
  "allowed-account-ids",
  "output-credentials",
  "unset-current-credentials",
] as const;
export type ActionInputName = (typeof ACTION_INPUTS)[number];

/** Where the action hands the credentials on (input `export`). */
export const EXPORT_MODES = ["env", "profile", "serve", "none"] as const;
export type ExportMode = (typeof EXPORT_MODES)[number];

/** The action's inputs, read and checked. */
export interface ActionInputs {
  /** Spec targets, in order (several: one session each). Empty with `roleArn`. */
  targets: string[];
  spec?: string;
  roleArn?: string;
  externalId?: string;
  export: ExportMode;
  ecrLogin: boolean;
  durationSeconds?: number;
  sessionName?: string;
  region?: string;
  maskAccountId: boolean;
  allowedAccountIds: string[];
  outputCredentials: boolean;
  unsetCurrentCredentials: boolean;
}

/**
 * Reads every input once (an empty value is the default, as action.yml says) and checks them together.
 * @throws UsageError naming the input.
 */
export function readActionInputs(runner: Pick<RunnerCommands, "input">): ActionInputs {
  const raw = Object.fromEntries(ACTION_INPUTS.map((name) => [name, runner.input(name)])) as Record<
    ActionInputName,
    string
  >;
  const targets = list(raw.target);
  const exportMode = (raw.export === "" ? "env" : raw.export) as ExportMode;
  if (!EXPORT_MODES.includes(exportMode)) {
    throw new UsageError(`input export must be one of ${EXPORT_MODES.join(", ")}, not "${raw.export}".`);
  }
  const inputs: ActionInputs = {
    targets,
    export: exportMode,
    ecrLogin: bool(raw, "ecr-login", false),
    maskAccountId: bool(raw, "mask-aws-account-id", false),
    allowedAccountIds: list(raw["allowed-account-ids"]),
    outputCredentials: bool(raw, "output-credentials", false),
    unsetCurrentCredentials: bool(raw, "unset-current-credentials", false),
  };
  if (raw.spec !== "") inputs.spec = raw.spec;
  if (raw["role-arn"] !== "") inputs.roleArn = raw["role-arn"];
  if (raw["external-id"] !== "") inputs.externalId = raw["external-id"];
  if (raw.duration !== "") inputs.durationSeconds = parseDuration(raw.duration, "input duration");
  if (raw["session-name"] !== "") inputs.sessionName = raw["session-name"];
  if (raw.region !== "") inputs.region = raw.region;

  if (inputs.roleArn !== undefined && (targets.length > 0 || inputs.spec !== undefined)) {
    throw new UsageError("input role-arn assumes one role without a spec: give either role-arn or target.");
  }
  if (inputs.externalId !== undefined && inputs.roleArn === undefined) {
    throw new UsageError("input external-id goes with role-arn (a spec target has its own ExternalId).");
  }
  if (inputs.roleArn === undefined && targets.length === 0) {
    throw new UsageError("no role to assume: set input target (a target of the spec) or role-arn.", {
      hint: "with: { target: ourthing } — crossrole init writes the spec that names it.",
    });
  }
  const roles = inputs.roleArn === undefined ? targets.length : 1;
  if (roles > 1 && (exportMode === "env" || exportMode === "serve")) {
    throw new UsageError(
      `export: ${exportMode} hands on one role's credentials, but ${roles} targets are given.`,
      { hint: "Use export: profile (one AWS profile per target), or one crossrole step per target." },
    );
  }
  if (roles > 1 && inputs.outputCredentials) {
    throw new UsageError("output-credentials needs exactly one target.");
  }
  for (const id of inputs.allowedAccountIds) {
    if (!/^\d{12}$/.test(id)) {
      throw new UsageError(`input allowed-account-ids takes 12-digit account IDs, not "${id}".`);
    }
  }
  return inputs;
}

// --- internal ---

/** Several values: one per line or comma-separated. */
function list(text: string): string[] {
  return text
    .split(/[\n,]/)
    .map((s) => s.trim())
    .filter((s) => s !== "");
}

/** A YAML 1.2 core boolean, as @actions/core's getBooleanInput accepts it. */
function bool(raw: Record<ActionInputName, string>, name: ActionInputName, fallback: boolean): boolean {
  const value = raw[name];
  if (value === "") return fallback;
  if (["true", "True", "TRUE"].includes(value)) return true;
  if (["false", "False", "FALSE"].includes(value)) return false;
  throw new UsageError(`input ${name} must be true or false, not "${value}".`);
}
