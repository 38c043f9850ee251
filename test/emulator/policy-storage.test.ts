// moto_policy_storage_patch.py (opt-in: --validate-stored-policies): what IAM checks when a policy is stored. Its
// own server, as the acceptance suite's emulator run starts it; the shared server shows plain moto's answer.
import {
  CreateRoleCommand,
  CreateUserCommand,
  PutRolePolicyCommand,
  PutUserPolicyCommand,
  UpdateAssumeRolePolicyCommand,
} from "@aws-sdk/client-iam";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { adminClients } from "./admin-clients.js";
import { awsErrorOf } from "./caller-clients.js";
import { type Emulator, startEmulator } from "./emulator.js";
import { useEmulator } from "./use-emulator.js";

const shared = useEmulator();
const TARGET = "111111111111";
const BUILD = "222222222222";

const trustOf = (principal: string) =>
  JSON.stringify({
    Version: "2012-10-17",
    Statement: [{ Effect: "Allow", Principal: { AWS: principal }, Action: "sts:AssumeRole" }],
  });

/** A policy of about `size` characters without white space, and `padding` spaces of indentation. */
function policyOfSize(size: number, padding = 0): string {
  const statements: unknown[] = [];
  const text = () => JSON.stringify({ Version: "2012-10-17", Statement: statements });
  for (let i = 0; text().length < size; i++) {
    statements.push({
      Effect: "Deny",
      Action: "sts:AssumeRole",
      Resource: `arn:aws:iam::${TARGET}:role/r${i}`,
    });
  }
  statements.pop();
  return JSON.stringify({ Version: "2012-10-17", Statement: statements }, null, padding);
}

const sizeOf = (policy: string) => policy.replace(/\s/g, "").length;

/** "stored", or the name of the SDK error the call failed with. */
async function outcomeOf(call: Promise<unknown>): Promise<string> {
  try {
    await call;
    return "stored";
  } catch (error) {
    return (error as Error).name;
  }
}

it("plain (default) emulator stores a trust naming a missing user, as moto does", async () => {
  const admin = adminClients(shared, TARGET);
  try {
    const outcome = await outcomeOf(
      admin.iam.send(
        new CreateRoleCommand({
          RoleName: "ghost-trust",
          AssumeRolePolicyDocument: trustOf(`arn:aws:iam::${BUILD}:user/ghost`),
        }),
      ),
    );
    expect(outcome).toBe("stored");
  } finally {
    admin.destroy();
  }
});

describe("with --validate-stored-policies", () => {
  let emulator: Emulator;
  let target: ReturnType<typeof adminClients>;
  let build: ReturnType<typeof adminClients>;
  beforeAll(async () => {
    emulator = await startEmulator({ validateStoredPolicies: true });
    target = adminClients(emulator, TARGET);
    build = adminClients(emulator, BUILD);
    await build.iam.send(new CreateUserCommand({ UserName: "builder" }));
  });
  afterAll(async () => {
    target?.destroy();
    build?.destroy();
    await emulator?.stop();
  });

  it.each([
    ["a missing user", `arn:aws:iam::${BUILD}:user/ghost`, "MalformedPolicyDocumentException"],
    ["a missing role", `arn:aws:iam::${BUILD}:role/ghost`, "MalformedPolicyDocumentException"],
    ["an existing user", `arn:aws:iam::${BUILD}:user/builder`, "stored"],
    ["an account root", `arn:aws:iam::${BUILD}:root`, "stored"],
    ["a bare account ID", BUILD, "stored"],
  ])("CreateRole naming %s: %s", async (what, principal, expected) => {
    const name = `trust-${what.replace(/\W/g, "-")}`;
    const outcome = await outcomeOf(
      target.iam.send(
        new CreateRoleCommand({ RoleName: name, AssumeRolePolicyDocument: trustOf(principal) }),
      ),
    );
    expect(outcome).toBe(expected);
  });

  it("UpdateAssumeRolePolicy naming a missing user is refused, and the message names it", async () => {
    await target.iam.send(
      new CreateRoleCommand({
        RoleName: "updated",
        AssumeRolePolicyDocument: trustOf(`arn:aws:iam::${BUILD}:root`),
      }),
    );
    const ghost = `arn:aws:iam::${BUILD}:user/ghost`;
    const error = await awsErrorOf(
      target.iam.send(
        new UpdateAssumeRolePolicyCommand({ RoleName: "updated", PolicyDocument: trustOf(ghost) }),
      ),
    );
    expect(error.name).toBe("MalformedPolicyDocumentException");
    expect(error.message).toBe(`Invalid principal in policy: "AWS":"${ghost}"`);
  });

  it("a user's inline policies: 2,048 characters in all, white space not counted, a replaced policy counted once", async () => {
    const spacious = policyOfSize(1_900, 12);
    expect(spacious.length).toBeGreaterThan(2_048);
    const put = (name: string, document: string) =>
      outcomeOf(
        build.iam.send(
          new PutUserPolicyCommand({ UserName: "builder", PolicyName: name, PolicyDocument: document }),
        ),
      );
    expect(await put("a", spacious)).toBe("stored");
    expect(await put("a", policyOfSize(2_000))).toBe("stored"); // replaces "a"
    const small = policyOfSize(200);
    expect(sizeOf(policyOfSize(2_000)) + sizeOf(small)).toBeGreaterThan(2_048);
    expect(await put("b", small)).toBe("LimitExceededException");
  });

  it("a role's inline policies: 10,240 characters in all", async () => {
    await target.iam.send(
      new CreateRoleCommand({
        RoleName: "quota",
        AssumeRolePolicyDocument: trustOf(`arn:aws:iam::${BUILD}:root`),
      }),
    );
    const put = (name: string, size: number) =>
      outcomeOf(
        target.iam.send(
          new PutRolePolicyCommand({
            RoleName: "quota",
            PolicyName: name,
            PolicyDocument: policyOfSize(size),
          }),
        ),
      );
    expect(await put("a", 6_000)).toBe("stored");
    expect(await put("b", 4_000)).toBe("stored");
    expect(await put("c", 1_000)).toBe("LimitExceededException");
  });
});
