/**
 * Amazon ECR private registry host names, as AWS documents them and as amazon-ecr-credential-helper accepts them
 * (`ecr-login/api/client.go`, `ecrPattern`):
 *
 * - IPv4: `<account>.dkr.ecr[-fips].<region>.amazonaws.com` (China: `.amazonaws.com.cn`, European Sovereign Cloud:
 *   `.amazonaws.eu`, GovCloud regions `us-gov-*` on `.amazonaws.com`),
 * - dual-stack: `<account>.dkr-ecr[-fips].<region>.on.aws` (China: `.on.amazonwebservices.com.cn`),
 * - the isolated partitions' domains (`c2s.ic.gov`, `sc2s.sgov.gov`, `cloud.adc-e.uk`, `csp.hci.ic.gov`).
 *
 * Pure: no I/O.
 */

/** The AWS partition a registry lives in. */
export type EcrPartition =
  | "aws"
  | "aws-cn"
  | "aws-us-gov"
  | "aws-eusc"
  | "aws-iso"
  | "aws-iso-b"
  | "aws-iso-e"
  | "aws-iso-f";

/** A parsed ECR private registry host. */
export interface EcrRegistryHost {
  /** The bare host name, lowercase, e.g. `111111111111.dkr.ecr.eu-west-1.amazonaws.com`. */
  host: string;
  /** The registry ID: the 12-digit account. */
  account: string;
  region: string;
  fips: boolean;
  dualStack: boolean;
  partition: EcrPartition;
}

/**
 * Parses a registry reference as docker, skopeo or a user write it: a bare host, or `https://host`, optionally
 * followed by a path (`/v2/`, `/team/app:tag`). Returns undefined for anything that is not an ECR private
 * registry (Docker Hub, `public.ecr.aws`, a port, a region that does not fit the domain).
 */
export function parseEcrHost(reference: string): EcrRegistryHost | undefined {
  let text = reference.trim();
  const scheme = /^https:\/\//i.exec(text);
  if (scheme !== null) text = text.slice(scheme[0].length);
  const slash = text.indexOf("/");
  const host = (slash === -1 ? text : text.slice(0, slash)).toLowerCase();
  const match = HOST_PATTERN.exec(host);
  if (match === null) return undefined;
  const [, account, separator, fipsSuffix, region, domain] = match;
  if (account === undefined || region === undefined || domain === undefined) return undefined;
  const dualStack = separator === "-";
  const domainInfo = DOMAINS[domain];
  if (domainInfo === undefined || domainInfo.dualStack !== dualStack) return undefined;
  let partition = domainInfo.partition;
  if (partition === "aws-cn" && !region.startsWith("cn-")) return undefined;
  if (partition !== "aws-cn" && region.startsWith("cn-")) return undefined;
  if (partition === "aws" && region.startsWith("us-gov-")) partition = "aws-us-gov";
  return { host, account, region, fips: fipsSuffix !== undefined, dualStack, partition };
}

/** What {@link formatEcrHost} builds a host from. */
export interface EcrHostParts {
  account: string;
  region: string;
  fips?: boolean | undefined;
  dualStack?: boolean | undefined;
}

/** The registry host of `account` in `region` (domain chosen from the region: `cn-*` → `.amazonaws.com.cn`). */
export function formatEcrHost(parts: EcrHostParts): string {
  const china = parts.region.startsWith("cn-");
  const fips = parts.fips === true ? "-fips" : "";
  if (parts.dualStack === true) {
    const domain = china ? "on.amazonwebservices.com.cn" : "on.aws";
    return `${parts.account}.dkr-ecr${fips}.${parts.region}.${domain}`;
  }
  const domain = china
    ? "amazonaws.com.cn"
    : parts.region.startsWith("eusc-")
      ? "amazonaws.eu"
      : "amazonaws.com";
  return `${parts.account}.dkr.ecr${fips}.${parts.region}.${domain}`;
}

// --- internal ---

const HOST_PATTERN =
  /^(\d{12})\.dkr([.-])ecr(-fips)?\.([a-z0-9][a-z0-9-]*)\.(amazonaws\.com|amazonaws\.com\.cn|amazonaws\.eu|on\.aws|on\.amazonwebservices\.com\.cn|c2s\.ic\.gov|sc2s\.sgov\.gov|cloud\.adc-e\.uk|csp\.hci\.ic\.gov)$/;

const DOMAINS: Record<string, { partition: EcrPartition; dualStack: boolean }> = {
  "amazonaws.com": { partition: "aws", dualStack: false },
  "amazonaws.com.cn": { partition: "aws-cn", dualStack: false },
  "amazonaws.eu": { partition: "aws-eusc", dualStack: false },
  "on.aws": { partition: "aws", dualStack: true },
  "on.amazonwebservices.com.cn": { partition: "aws-cn", dualStack: true },
  "c2s.ic.gov": { partition: "aws-iso", dualStack: false },
  "sc2s.sgov.gov": { partition: "aws-iso-b", dualStack: false },
  "cloud.adc-e.uk": { partition: "aws-iso-e", dualStack: false },
  "csp.hci.ic.gov": { partition: "aws-iso-f", dualStack: false },
};
