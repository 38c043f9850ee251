import type { AwsClientConfig } from "../aws/aws-client-config.js";
import { createEcrProbe } from "../aws/ecr-probe.js";
import { chooseAdminSource, resolveAdminCredentials } from "../aws/resolve-admin-credentials.js";
import { createS3Probe } from "../aws/s3-probe.js";
import { createStsProbe } from "../aws/sts-probe.js";
import { createWebIdentityProbe } from "../aws/web-identity-probe.js";
import type { StsProbe } from "../core/ports/sts-probe-port.js";
import type { SideRequest } from "../workflows/connect-side.js";
import type { VerifyPorts } from "../workflows/verify-access.js";
import { connectAwsSides } from "./connect-aws-sides.js";

/** Where the AWS calls of verify, revoke and the rotations go, as the command line and environment say. */
export interface ProbeConnectionOptions {
  env: Readonly<Record<string, string | undefined>>;
  /** `--source-profile`: the BUILD credentials (default: the SDK's default chain). */
  sourceProfile?: string | undefined;
  targetProfile?: string | undefined;
  buildProfile?: string | undefined;
  endpoint?: string | undefined;
  region?: string | undefined;
  /** The spec's region: after --region, before the environment's (the one region order). */
  specRegion?: string | undefined;
}

/**
 * The region for the BUILD side's STS calls: `--region`, the spec's, AWS_REGION, AWS_DEFAULT_REGION, else us-east-1
 * (STS answers there).
 */
export function stsRegion(options: ProbeConnectionOptions): string {
  return (
    options.region ??
    options.specRegion ??
    options.env.AWS_REGION ??
    options.env.AWS_DEFAULT_REGION ??
    "us-east-1"
  );
}

/** The BUILD credentials as a client configuration. */
export function buildCredentialsConfig(options: ProbeConnectionOptions): AwsClientConfig {
  return { region: stsRegion(options), endpoint: options.endpoint, profile: options.sourceProfile };
}

/**
 * STS on the BUILD credentials when they work (GetCallerIdentity answers), for the proofs of revoke and the
 * rotations; undefined when they are missing or refused (the command then says it could not prove).
 */
export async function availableBuildSts(options: ProbeConnectionOptions): Promise<StsProbe | undefined> {
  const sts = createStsProbe(buildCredentialsConfig(options));
  try {
    await sts.whoAmI();
    return sts;
  } catch {
    return undefined;
  }
}

/**
 * The SDK implementation of verify's ports: STS on the BUILD credentials, probes in each assumed session, admin
 * access (flag > spec admin > default chain) for the live lint and to remove S3 canaries.
 */
export function createVerifyPorts(options: ProbeConnectionOptions): VerifyPorts {
  const endpoint = options.endpoint;
  // S3 behind a custom endpoint (an emulator, a proxy) has no virtual-hosted bucket names.
  const forcePathStyle =
    endpoint !== undefined || (options.env.AWS_ENDPOINT_URL_S3 ?? options.env.AWS_ENDPOINT_URL ?? "") !== "";
  return {
    buildSts: createStsProbe(buildCredentialsConfig(options)),
    webIdentity: createWebIdentityProbe({ region: stsRegion(options), endpoint }),
    sessionSts: (credentials, region) => createStsProbe({ region, endpoint, credentials }),
    sessionEcr: (credentials, region) => createEcrProbe({ region, endpoint, credentials }),
    sessionS3: (credentials, region) => createS3Probe({ region, endpoint, credentials }, { forcePathStyle }),
    connect: connectAwsSides({
      targetProfile: options.targetProfile,
      buildProfile: options.buildProfile,
      endpoint,
      region: options.region,
    }),
    adminS3: async (request: SideRequest) => {
      const flag = request.side === "build" ? options.buildProfile : options.targetProfile;
      const config = await resolveAdminCredentials(chooseAdminSource(flag, request.admin, request.account), {
        region: request.region,
        endpoint,
      });
      return createS3Probe(config, { forcePathStyle });
    },
  };
}
