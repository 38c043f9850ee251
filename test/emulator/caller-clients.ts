import { ECRClient } from "@aws-sdk/client-ecr";
import { AssumeRoleCommand, type AssumeRoleCommandInput, STSClient } from "@aws-sdk/client-sts";
import type { EmulatorEndpoint } from "./emulator-client.js";
import type { UserWithKey } from "./world.js";

/** Credentials as the JS SDK takes them. */
export interface Credentials {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly sessionToken?: string;
}

/** Credentials of a user created by createUserWithKey. */
export function userCredentials(user: UserWithKey): Credentials {
  return { accessKeyId: user.accessKeyId, secretAccessKey: user.secretAccessKey };
}

/** An STS client that signs with `credentials` (no account header: the key says which account it is). */
export function stsAs(emulator: EmulatorEndpoint, credentials: Credentials, region = "us-east-1"): STSClient {
  return new STSClient({ endpoint: emulator.endpoint, region, credentials, maxAttempts: 1 });
}

/** An ECR client that signs with `credentials`. */
export function ecrAs(emulator: EmulatorEndpoint, credentials: Credentials, region = "us-east-1"): ECRClient {
  return new ECRClient({ endpoint: emulator.endpoint, region, credentials, maxAttempts: 1 });
}

/** AssumeRole as `credentials`; returns the session's credentials. */
export async function assumeRoleAs(
  emulator: EmulatorEndpoint,
  credentials: Credentials,
  input: AssumeRoleCommandInput,
): Promise<Credentials> {
  const sts = stsAs(emulator, credentials);
  try {
    const { Credentials: issued } = await sts.send(new AssumeRoleCommand(input));
    if (!issued?.AccessKeyId || !issued.SecretAccessKey || !issued.SessionToken) {
      throw new Error("AssumeRole returned no credentials");
    }
    return {
      accessKeyId: issued.AccessKeyId,
      secretAccessKey: issued.SecretAccessKey,
      sessionToken: issued.SessionToken,
    };
  } finally {
    sts.destroy();
  }
}

/** The parts of an AWS SDK error that tests assert on. */
export interface CaughtAwsError {
  readonly name: string;
  readonly status: number | undefined;
  readonly message: string;
}

/** Await `promise`, expecting it to reject with an SDK error; throws if it resolves. */
export async function awsErrorOf(promise: Promise<unknown>): Promise<CaughtAwsError> {
  try {
    await promise;
  } catch (error) {
    const e = error as { name?: string; message?: string; $metadata?: { httpStatusCode?: number } };
    return { name: e.name ?? "", status: e.$metadata?.httpStatusCode, message: e.message ?? "" };
  }
  throw new Error("expected the AWS call to fail, but it succeeded");
}
