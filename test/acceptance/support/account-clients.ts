import { ECRClient } from "@aws-sdk/client-ecr";
import { IAMClient, type IAMClientConfig } from "@aws-sdk/client-iam";
import { S3Client } from "@aws-sdk/client-s3";
import { GetCallerIdentityCommand, STSClient } from "@aws-sdk/client-sts";
import { fromIni } from "@aws-sdk/credential-provider-ini";
import type { AcceptanceSettings } from "./settings.js";

/** The SDK clients of one account, signed with one identity (an admin profile, or a key the suite made). */
export interface AccountClients {
  readonly accountId: string;
  readonly callerArn: string;
  readonly iam: IAMClient;
  /** IAM without retries: the SDK retries LimitExceeded as throttling, which a quota probe must see at once. */
  readonly iamOnce: IAMClient;
  readonly sts: STSClient;
  readonly ecr: ECRClient;
  readonly s3: S3Client;
  destroy(): void;
}

type Credentials = NonNullable<IAMClientConfig["credentials"]>;

/** Clients with `credentials`; the endpoint is AWS_ENDPOINT_URL when set (S3 then path-style, as emulators need). */
export function clientsWith(settings: AcceptanceSettings, credentials: Credentials) {
  const base = {
    region: settings.region,
    credentials,
    ...(settings.endpoint ? { endpoint: settings.endpoint } : {}),
    maxAttempts: 5,
  };
  const iam = new IAMClient(base);
  const iamOnce = new IAMClient({ ...base, maxAttempts: 1 });
  const sts = new STSClient(base);
  const ecr = new ECRClient(base);
  const s3 = new S3Client({ ...base, ...(settings.endpoint ? { forcePathStyle: true } : {}) });
  return {
    iam,
    iamOnce,
    sts,
    ecr,
    s3,
    destroy() {
      for (const client of [iam, iamOnce, sts, ecr, s3]) client.destroy();
    },
  };
}

/** The clients of an admin profile, and whose they are (GetCallerIdentity). */
export async function profileClients(settings: AcceptanceSettings, profile: string): Promise<AccountClients> {
  const credentials = fromIni({
    profile,
    filepath: settings.credentialsFile,
    configFilepath: settings.configFile,
    ...(settings.endpoint ? { clientConfig: { endpoint: settings.endpoint, region: settings.region } } : {}),
  });
  const clients = clientsWith(settings, credentials);
  const me = await clients.sts.send(new GetCallerIdentityCommand({}));
  if (!me.Account || !me.Arn) throw new Error(`profile ${profile}: GetCallerIdentity named no account`);
  return { ...clients, accountId: me.Account, callerArn: me.Arn };
}
