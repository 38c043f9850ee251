// Shared by the fleet tests (rollout, rollout-ou, grant-split): the CLI run as the BUILD user, and reading back what
// rollout and apply wrote in IAM.
import { execFile } from "node:child_process";
import { join, resolve } from "node:path";
import { promisify } from "node:util";
import { GetRolePolicyCommand, GetUserPolicyCommand } from "@aws-sdk/client-iam";
import { adminClients } from "../emulator/admin-clients.js";
import type { EmulatorEndpoint } from "../emulator/emulator-client.js";
import { runBoto3 } from "../emulator/real-clients.js";
import type { UserWithKey } from "../emulator/world.js";

const CLI = resolve(import.meta.dirname, "../../dist/crossrole.cjs");

/**
 * Runs the built executable in `dir` with `user`'s keys (us-east-1), HOME=dir, no AWS config file and the
 * credentials file `credentialsFile` (a name in `dir`; "none" by default, i.e. no profiles).
 */
export async function runCliAs(
  user: UserWithKey,
  dir: string,
  args: string[],
  credentialsFile = "none",
): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, [CLI, ...args], {
      cwd: dir,
      env: {
        PATH: process.env.PATH ?? "",
        HOME: dir,
        AWS_ACCESS_KEY_ID: user.accessKeyId,
        AWS_SECRET_ACCESS_KEY: user.secretAccessKey,
        AWS_REGION: "us-east-1",
        AWS_CONFIG_FILE: join(dir, "none"),
        AWS_SHARED_CREDENTIALS_FILE: join(dir, credentialsFile),
      },
      maxBuffer: 16 * 1024 * 1024,
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

/** The user's inline `crossrole-assume-targets` grant, decoded; undefined when it has none. */
export async function inlineGrantOf(
  emulator: EmulatorEndpoint,
  account: string,
  userName: string,
): Promise<{ Statement: { Resource: string | string[] }[] } | undefined> {
  const admin = adminClients(emulator, account);
  try {
    const out = await admin.iam.send(
      new GetUserPolicyCommand({ UserName: userName, PolicyName: "crossrole-assume-targets" }),
    );
    return JSON.parse(decodeURIComponent(out.PolicyDocument ?? ""));
  } catch {
    return undefined;
  } finally {
    admin.destroy();
  }
}

/** The actions of each statement of the live `crossrole-permissions` policy of `roleName` in `account`. */
export async function livePermissionActions(
  emulator: EmulatorEndpoint,
  account: string,
  roleName: string,
): Promise<unknown[]> {
  const admin = adminClients(emulator, account);
  try {
    const policy = await admin.iam.send(
      new GetRolePolicyCommand({ RoleName: roleName, PolicyName: "crossrole-permissions" }),
    );
    const doc = JSON.parse(decodeURIComponent(policy.PolicyDocument ?? "")) as {
      Statement: { Action: unknown }[];
    };
    return doc.Statement.map((s) => s.Action);
  } finally {
    admin.destroy();
  }
}

/** An AWS Organization in the emulator, owned by the management account whose user created it. */
export interface EmulatedOrganization {
  rootId: string;
  /** The one OU, "builds". */
  ouId: string;
  /** Created accounts, in creation order; the first `inOu` are in the OU, the rest in the root. */
  accounts: string[];
  /** Moves an account between the root and the OU (StackSet auto-deployment follows). */
  move(account: string, from: string, to: string): Promise<void>;
}

/**
 * Creates, with boto3 as `management` (the organization's owner), an organization with one OU and `accounts`
 * accounts, the first `inOu` of them moved into the OU (all by default).
 */
export async function createOrganization(
  emulator: EmulatorEndpoint,
  management: UserWithKey,
  options: { accounts: number; inOu?: number },
): Promise<EmulatedOrganization> {
  const organizations = async (source: string): Promise<string> => {
    const result = await runBoto3(
      `import boto3, json\norg = boto3.client("organizations", endpoint_url="${emulator.endpoint}", region_name="us-east-1")\n${source}`,
      {
        env: {
          PATH: process.env.PATH ?? "",
          AWS_ACCESS_KEY_ID: management.accessKeyId,
          AWS_SECRET_ACCESS_KEY: management.secretAccessKey,
          AWS_CONFIG_FILE: "/dev/null",
          AWS_SHARED_CREDENTIALS_FILE: "/dev/null",
        },
        timeoutMs: 300_000,
      },
    );
    if (result.code !== 0) throw new Error(`boto3 (organizations) failed: ${result.stderr}`);
    return result.stdout;
  };
  const created = JSON.parse(
    await organizations(`
org.create_organization(FeatureSet="ALL")
root = org.list_roots()["Roots"][0]["Id"]
ou = org.create_organizational_unit(ParentId=root, Name="builds")["OrganizationalUnit"]["Id"]
accounts = [org.create_account(Email=f"a{i}@example.com", AccountName=f"a{i}")["CreateAccountStatus"]["AccountId"] for i in range(${options.accounts})]
for a in accounts[:${options.inOu ?? options.accounts}]:
    org.move_account(AccountId=a, SourceParentId=root, DestinationParentId=ou)
print(json.dumps({"root": root, "ou": ou, "accounts": accounts}))
`),
  ) as { root: string; ou: string; accounts: string[] };
  return {
    rootId: created.root,
    ouId: created.ou,
    accounts: created.accounts,
    move: async (account, from, to) => {
      await organizations(
        `org.move_account(AccountId="${account}", SourceParentId="${from}", DestinationParentId="${to}")`,
      );
    },
  };
}
