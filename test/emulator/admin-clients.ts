import { ECRClient } from "@aws-sdk/client-ecr";
import { IAMClient } from "@aws-sdk/client-iam";
import { S3Client } from "@aws-sdk/client-s3";
import { STSClient } from "@aws-sdk/client-sts";
import type { EmulatorEndpoint } from "./emulator-client.js";

/** Clients that act as an administrator of one emulated account. For test SETUP only. */
export interface AdminClients {
  readonly accountId: string;
  readonly region: string;
  readonly iam: IAMClient;
  readonly sts: STSClient;
  readonly ecr: ECRClient;
  readonly s3: S3Client;
  /** Release the clients' sockets. */
  destroy(): void;
}

/** Dummy keys: moto does not check them while auth enforcement is off. */
const ADMIN_CREDENTIALS = { accessKeyId: "AKIAADMINEXAMPLE0000", secretAccessKey: "admin" };

interface MiddlewareHost {
  middlewareStack: {
    add(
      middleware: (
        next: (args: { request: unknown }) => Promise<unknown>,
      ) => (args: { request: unknown }) => Promise<unknown>,
      options: { step: "build"; name: string },
    ): void;
  };
}

/** Adds `x-moto-account-id` to every request, so moto files it under that account. */
function actAsAccount(client: MiddlewareHost, accountId: string): void {
  client.middlewareStack.add(
    (next) => async (args) => {
      const request = args.request as { headers?: Record<string, string> } | undefined;
      if (request?.headers) request.headers["x-moto-account-id"] = accountId;
      return next(args);
    },
    { step: "build", name: "crossroleMotoAccountId" },
  );
}

/**
 * IAM, STS, ECR and S3 clients that administer `accountId` in the emulator, through moto's `x-moto-account-id`
 * header. Use them only while auth enforcement is off, and never give this header to clients that sign with
 * emulator-issued keys: the header would override the key's account.
 */
export function adminClients(
  emulator: EmulatorEndpoint,
  accountId: string,
  region = "us-east-1",
): AdminClients {
  const config = { endpoint: emulator.endpoint, region, credentials: ADMIN_CREDENTIALS, maxAttempts: 1 };
  const iam = new IAMClient(config);
  const sts = new STSClient(config);
  const ecr = new ECRClient(config);
  const s3 = new S3Client({ ...config, forcePathStyle: true });
  for (const client of [iam, sts, ecr, s3]) actAsAccount(client as unknown as MiddlewareHost, accountId);
  return {
    accountId,
    region,
    iam,
    sts,
    ecr,
    s3,
    destroy() {
      for (const client of [iam, sts, ecr, s3]) client.destroy();
    },
  };
}
