import {
  AttachRolePolicyCommand,
  AttachUserPolicyCommand,
  CreatePolicyCommand,
  CreateRoleCommand,
  CreateUserCommand,
} from "@aws-sdk/client-iam";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createIamAdapter } from "../../src/aws/iam-adapter.js";
import type { IamPort } from "../../src/core/ports/iam-port.js";
import { allow, policy, TARGET } from "./accounts.js";
import { adminClients } from "./admin-clients.js";
import { type FaultProxy, startFaultProxy } from "./fault-proxy.js";
import { useEmulator } from "./use-emulator.js";
import { createUserWithKey } from "./world.js";

// moto pages ListAttachedRolePolicies and ListAttachedUserPolicies like IAM: at most 100 items (MaxItems' default)
// per answer, then IsTruncated and a Marker. With 105 attached policies the adapter must follow the Marker (the
// SDK's paginator) and return every ARN: the proxy counts the requests, so one page would show.

const emulator = useEmulator();
const ATTACHED = 105;

let proxy: FaultProxy;
let iam: IamPort;
let arns: string[];

beforeAll(async () => {
  const admin = adminClients(emulator, TARGET);
  try {
    await admin.iam.send(
      new CreateRoleCommand({
        RoleName: "paged",
        AssumeRolePolicyDocument: JSON.stringify(
          policy({
            Effect: "Allow",
            Principal: { AWS: `arn:aws:iam::${TARGET}:root` },
            Action: "sts:AssumeRole",
          }),
        ),
      }),
    );
    await admin.iam.send(new CreateUserCommand({ UserName: "paged-user" }));
    arns = [];
    for (let i = 0; i < ATTACHED; i++) {
      const { Policy } = await admin.iam.send(
        new CreatePolicyCommand({
          PolicyName: `paged-${String(i).padStart(3, "0")}`,
          PolicyDocument: JSON.stringify(policy(allow("s3:GetObject", `arn:aws:s3:::bucket-${i}/*`))),
        }),
      );
      const arn = Policy?.Arn as string;
      arns.push(arn);
      await admin.iam.send(new AttachRolePolicyCommand({ RoleName: "paged", PolicyArn: arn }));
      await admin.iam.send(new AttachUserPolicyCommand({ UserName: "paged-user", PolicyArn: arn }));
    }
  } finally {
    admin.destroy();
  }
  const caller = await createUserWithKey(emulator, TARGET, "admin");
  proxy = await startFaultProxy(emulator);
  iam = createIamAdapter({
    endpoint: proxy.endpoint,
    region: "us-east-1",
    credentials: { accessKeyId: caller.accessKeyId, secretAccessKey: caller.secretAccessKey },
  });
});
afterAll(async () => {
  await proxy?.close();
});

describe("IAM adapter listings follow IAM's Marker to the last page", () => {
  it.each([
    ["listAttachedRolePolicies", "iam:ListAttachedRolePolicies", () => iam.listAttachedRolePolicies("paged")],
    [
      "listAttachedUserPolicies",
      "iam:ListAttachedUserPolicies",
      () => iam.listAttachedUserPolicies("paged-user"),
    ],
  ])("%s returns all 105 ARNs from two pages", async (_name, action, list) => {
    proxy.reset();
    const listed = await list();
    expect([...listed].sort()).toEqual([...arns].sort());
    expect(proxy.count(action)).toBe(2);
  });

  it.each([
    ["listAttachedRolePolicies", "iam:ListAttachedRolePolicies", () => iam.listAttachedRolePolicies("paged")],
    [
      "listAttachedUserPolicies",
      "iam:ListAttachedUserPolicies",
      () => iam.listAttachedUserPolicies("paged-user"),
    ],
  ])(
    "%s refuses a page marked truncated that gives no Marker (a partial list is not the list)",
    async (_name, action, list) => {
      proxy.reset();
      proxy.setRules([{ action, fault: "dropMarker" }]);
      await expect(list()).rejects.toMatchObject({
        code: "AWS_ERROR",
        message: expect.stringContaining("without a Marker"),
      });
      expect(proxy.count(action)).toBe(1);
    },
  );
});
