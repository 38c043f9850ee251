import { DescribeRepositoriesCommand } from "@aws-sdk/client-ecr";
import { describe, expect, it } from "vitest";
import type { PolicyDocument } from "../../src/core/plan/policy-document.js";
import { allow, BUILD, policy, TARGET } from "./accounts.js";
import { assumeRoleAs, awsErrorOf, type Credentials, ecrAs, userCredentials } from "./caller-clients.js";
import { useEmulator } from "./use-emulator.js";
import { createRole, createUserWithKey, putRolePolicy } from "./world.js";

const emulator = useEmulator({ reset: "test" });

/** The inline policy the console's "Revoke active sessions" attaches (R19). */
function revokeOlderSessions(cutoff: string): PolicyDocument {
  return policy({
    Effect: "Deny",
    Action: ["*"],
    Resource: ["*"],
    Condition: { DateLessThan: { "aws:TokenIssueTime": cutoff } },
  });
}

async function describeRepositories(credentials: Credentials): Promise<number | undefined> {
  const ecr = ecrAs(emulator, credentials);
  try {
    const result = await ecr.send(new DescribeRepositoriesCommand({}));
    return result.$metadata.httpStatusCode;
  } catch (error) {
    return (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
  } finally {
    ecr.destroy();
  }
}

async function sleepUntil(epochMs: number): Promise<void> {
  while (Date.now() <= epochMs) await new Promise((resolve) => setTimeout(resolve, epochMs - Date.now() + 1));
}

describe("aws:TokenIssueTime (AWSRevokeOlderSessions)", () => {
  it("the revoke Deny blocks a session issued before the cutoff and allows one issued after", async () => {
    const ci = await createUserWithKey(emulator, BUILD, "ci", policy(allow("sts:AssumeRole")));
    const role = await createRole(emulator, TARGET, {
      name: "deploy",
      trustPolicy: policy({ Effect: "Allow", Principal: { AWS: ci.arn }, Action: "sts:AssumeRole" }),
      inlinePolicies: { read: policy(allow("ecr:DescribeRepositories")) },
    });
    await emulator.setAuthEnforcement(true);
    const assume = (name: string) =>
      assumeRoleAs(emulator, userCredentials(ci), { RoleArn: role.arn, RoleSessionName: name });

    const old = await assume("old");
    expect(await describeRepositories(old)).toBe(200);
    const [oldSession] = await emulator.sessions();
    if (!oldSession) throw new Error("no session recorded");
    // 2 ms after the old session (IAM dates have millisecond precision), and wait until that moment has passed.
    const cutoffMs = Date.parse(oldSession.tokenIssueTime) + 2;
    const cutoff = new Date(cutoffMs).toISOString();
    await sleepUntil(cutoffMs + 5);

    await emulator.setAuthEnforcement(false);
    await putRolePolicy(emulator, TARGET, "deploy", "AWSRevokeOlderSessions", revokeOlderSessions(cutoff));
    await emulator.setAuthEnforcement(true);

    expect(await describeRepositories(old)).toBe(403);
    const fresh = await assume("fresh");
    const issued = (await emulator.sessions()).map((s) => [s.sessionName, s.tokenIssueTime < cutoff]);
    expect(issued).toEqual([
      ["old", true],
      ["fresh", false],
    ]);
    expect(await describeRepositories(fresh)).toBe(200);
  });

  it("long-term user keys have no aws:TokenIssueTime, so the same Deny does not touch them (R20)", async () => {
    const future = new Date(Date.now() + 3_600_000).toISOString();
    const user = await createUserWithKey(
      emulator,
      BUILD,
      "ci",
      policy(allow("ecr:DescribeRepositories"), ...revokeOlderSessions(future).Statement),
    );
    await emulator.setAuthEnforcement(true);
    expect(await describeRepositories(userCredentials(user))).toBe(200);
  });

  it("DateGreaterThan on aws:TokenIssueTime allows only sessions issued after the date", async () => {
    const ci = await createUserWithKey(emulator, BUILD, "ci", policy(allow("sts:AssumeRole")));
    const past = new Date(Date.now() - 60_000).toISOString();
    const future = new Date(Date.now() + 60_000).toISOString();
    const role = await createRole(emulator, TARGET, {
      name: "deploy",
      trustPolicy: policy({ Effect: "Allow", Principal: { AWS: ci.arn }, Action: "sts:AssumeRole" }),
      inlinePolicies: {
        read: policy({
          Effect: "Allow",
          Action: "ecr:DescribeRepositories",
          Resource: "*",
          Condition: { DateGreaterThan: { "aws:TokenIssueTime": past } },
        }),
      },
    });
    const other = await createRole(emulator, TARGET, {
      name: "later",
      trustPolicy: policy({ Effect: "Allow", Principal: { AWS: ci.arn }, Action: "sts:AssumeRole" }),
      inlinePolicies: {
        read: policy({
          Effect: "Allow",
          Action: "ecr:DescribeRepositories",
          Resource: "*",
          Condition: { DateGreaterThanEquals: { "aws:TokenIssueTime": future } },
        }),
      },
    });
    await emulator.setAuthEnforcement(true);
    const credentials = userCredentials(ci);
    const allowed = await assumeRoleAs(emulator, credentials, { RoleArn: role.arn, RoleSessionName: "a" });
    const tooEarly = await assumeRoleAs(emulator, credentials, { RoleArn: other.arn, RoleSessionName: "b" });
    expect(await describeRepositories(allowed)).toBe(200);
    const error = await awsErrorOf(
      (async () => {
        const ecr = ecrAs(emulator, tooEarly);
        try {
          return await ecr.send(new DescribeRepositoriesCommand({}));
        } finally {
          ecr.destroy();
        }
      })(),
    );
    expect(error).toMatchObject({ status: 403, name: "AccessDeniedException" });
  });
});
