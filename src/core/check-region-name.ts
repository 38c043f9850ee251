import { REGION } from "./aws-patterns.js";
import { UsageError } from "./errors.js";

/**
 * Checks that a region has the form of an AWS region name (`eu-west-1`, `us-gov-west-1`, `cn-north-1`) before it
 * is used in an endpoint host name or exported to a build: `eu west 1` would otherwise reach the SDK as a host
 * name. `source` names where the value came from (`--region`, `AWS_REGION`...).
 */
export function checkRegionName(value: string, source: string): string {
  if (REGION.test(value)) return value;
  const typed = JSON.stringify(value.length > 60 ? `${value.slice(0, 57)}...` : value);
  throw new UsageError(`${source}=${typed} is not an AWS region name.`, {
    hint: `Use a region such as eu-west-1, us-east-1 or us-gov-west-1 (lowercase, hyphens, a number), or unset ${source}.`,
  });
}
