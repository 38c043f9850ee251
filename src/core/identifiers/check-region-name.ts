import { UsageError } from "../errors.js";
import { suggestKey } from "../suggest-key.js";
import { REGION } from "./aws-patterns.js";
import { KNOWN_REGIONS } from "./aws-regions.js";

/** Lets a region outside crossrole's list through (one newer than the list): for regions from flags and env. */
export const ALLOW_UNKNOWN_REGION_VARIABLE = "CROSSROLE_ALLOW_UNKNOWN_REGION";

/**
 * Checks a region name before it is used in an endpoint host name, an ARN or exported to a build: it must have
 * the form of an AWS region name (`eu west 1` would otherwise reach the SDK as a host name) and, unless
 * `allowUnknown`, be one of AWS's regions (aws-regions.ts), so a typo such as `eu-wset-1` is refused with a
 * did-you-mean instead of ending in ARNs and exported variables. `source` names where the value came from
 * (`--region`, `AWS_REGION`...).
 */
export function checkRegionName(
  value: string,
  source: string,
  options: { allowUnknown?: boolean } = {},
): string {
  const problem = regionNameProblem(value, options);
  if (problem === undefined) return value;
  const typed = JSON.stringify(value.length > 60 ? `${value.slice(0, 57)}...` : value);
  throw new UsageError(`${source}=${typed} ${problem.message}`, {
    hint: `${problem.hint} Or ${source.startsWith("--") ? "drop" : "unset"} ${source}.`,
  });
}

/**
 * What is wrong with a region name, if anything (pure; the spec parser reports it at the field's line:column).
 * `message` completes "VALUE ..."; `hint` says what is accepted and how to opt out.
 */
export function regionNameProblem(
  value: string,
  options: { allowUnknown?: boolean; optOut?: string } = {},
): { message: string; hint: string } | undefined {
  if (!REGION.test(value)) {
    return {
      message: "is not an AWS region name.",
      hint: "Use a region such as eu-west-1, us-east-1 or us-gov-west-1 (lowercase, hyphens, a number).",
    };
  }
  if (options.allowUnknown === true || KNOWN_REGIONS.includes(value)) return undefined;
  const near = suggestKey(value, KNOWN_REGIONS);
  return {
    message: `is not an AWS region crossrole knows.${near === undefined ? "" : ` Did you mean ${near}?`}`,
    hint: `If it is a region newer than crossrole's list, allow it explicitly: ${options.optOut ?? `${ALLOW_UNKNOWN_REGION_VARIABLE}=1`}.`,
  };
}

/** The opt-out for regions from flags and the environment: `CROSSROLE_ALLOW_UNKNOWN_REGION=1`. */
export function allowsUnknownRegion(env: Readonly<Record<string, string | undefined>>): boolean {
  return env[ALLOW_UNKNOWN_REGION_VARIABLE] === "1";
}
