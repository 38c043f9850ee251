import { ListObjectsV2Command, PutObjectCommand, S3Client } from "@aws-sdk/client-s3";
import { describe, expect, it } from "vitest";
import { allow, BUILD, policy, TARGET } from "./accounts.js";
import { assumeRoleAs, awsErrorOf, type Credentials, userCredentials } from "./caller-clients.js";
import { useEmulator } from "./use-emulator.js";
import { createBucket, createRole, createUserWithKey } from "./world.js";

const emulator = useEmulator({ reset: "test" });

function s3As(credentials: Credentials): S3Client {
  return new S3Client({
    endpoint: emulator.endpoint,
    region: "us-east-1",
    credentials,
    forcePathStyle: true,
    maxAttempts: 1,
  });
}

// Prefixes without "/" on purpose: moto 5.2.1 miscomputes the signature of listings with %2F in the query.
describe("S3 identity policies with a prefix-scoped grant (auth enforcement on)", () => {
  it("s3:prefix scopes ListBucket and the object ARN scopes PutObject", async () => {
    const bucket = await createBucket(emulator, TARGET, "us-east-1", "artifacts-111");
    const ci = await createUserWithKey(emulator, BUILD, "ci", policy(allow("sts:AssumeRole")));
    const role = await createRole(emulator, TARGET, {
      name: "upload",
      trustPolicy: policy({ Effect: "Allow", Principal: { AWS: ci.arn }, Action: "sts:AssumeRole" }),
      inlinePolicies: {
        artifacts: policy(
          {
            Effect: "Allow",
            Action: "s3:ListBucket",
            Resource: bucket.arn,
            Condition: { StringLike: { "s3:prefix": ["builds-*"] } },
          },
          allow("s3:PutObject", `${bucket.arn}/builds-*`),
        ),
      },
    });
    await emulator.setAuthEnforcement(true);
    const session = await assumeRoleAs(emulator, userCredentials(ci), {
      RoleArn: role.arn,
      RoleSessionName: "up",
    });
    const s3 = s3As(session);
    try {
      await expect(
        s3.send(new PutObjectCommand({ Bucket: bucket.name, Key: "builds-1.txt", Body: "ok" })),
      ).resolves.toBeDefined();
      const listed = await s3.send(new ListObjectsV2Command({ Bucket: bucket.name, Prefix: "builds-" }));
      expect(listed.Contents?.map((o) => o.Key)).toEqual(["builds-1.txt"]);

      const put = await awsErrorOf(
        s3.send(new PutObjectCommand({ Bucket: bucket.name, Key: "other.txt", Body: "x" })),
      );
      expect(put).toMatchObject({ status: 403, name: "AccessDenied" });
      const other = await awsErrorOf(
        s3.send(new ListObjectsV2Command({ Bucket: bucket.name, Prefix: "other-" })),
      );
      expect(other).toMatchObject({ status: 403, name: "AccessDenied" });
      const noPrefix = await awsErrorOf(s3.send(new ListObjectsV2Command({ Bucket: bucket.name })));
      expect(noPrefix).toMatchObject({ status: 403, name: "AccessDenied" });
    } finally {
      s3.destroy();
    }
  });
});
