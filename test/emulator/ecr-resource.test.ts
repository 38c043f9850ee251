import {
  DescribeImagesCommand,
  DescribeRepositoriesCommand,
  GetAuthorizationTokenCommand,
} from "@aws-sdk/client-ecr";
import { beforeEach, describe, expect, it } from "vitest";
import { allow, BUILD, policy, TARGET } from "./accounts.js";
import { assumeRoleAs, awsErrorOf, type Credentials, ecrAs, userCredentials } from "./caller-clients.js";
import { useEmulator } from "./use-emulator.js";
import { createRepository, createRole, createUserWithKey } from "./world.js";

const emulator = useEmulator({ reset: "test" });
const REGION = "eu-west-1";

describe("ECR actions are authorised against the repository ARN (auth enforcement on)", () => {
  let session: Credentials;
  let repoA: string;

  beforeEach(async () => {
    repoA = (await createRepository(emulator, TARGET, REGION, "team/app-a")).arn;
    await createRepository(emulator, TARGET, REGION, "team/app-b");
    expect(repoA).toBe(`arn:aws:ecr:${REGION}:${TARGET}:repository/team/app-a`);
    const ci = await createUserWithKey(emulator, BUILD, "ci", policy(allow("sts:AssumeRole")));
    const role = await createRole(emulator, TARGET, {
      name: "pull",
      trustPolicy: policy({ Effect: "Allow", Principal: { AWS: ci.arn }, Action: "sts:AssumeRole" }),
      inlinePolicies: {
        pull: policy(
          allow(["ecr:DescribeImages", "ecr:BatchGetImage"], repoA),
          allow("ecr:GetAuthorizationToken"),
        ),
      },
    });
    await emulator.setAuthEnforcement(true);
    session = await assumeRoleAs(emulator, userCredentials(ci), {
      RoleArn: role.arn,
      RoleSessionName: "pull",
    });
  });

  it("allows DescribeImages on the granted repository and denies it on another one", async () => {
    const ecr = ecrAs(emulator, session, REGION);
    await expect(
      ecr.send(new DescribeImagesCommand({ repositoryName: "team/app-a" })),
    ).resolves.toMatchObject({
      imageDetails: [],
    });
    const error = await awsErrorOf(ecr.send(new DescribeImagesCommand({ repositoryName: "team/app-b" })));
    ecr.destroy();
    expect(error.status).toBe(403);
    expect(error.name).toBe("AccessDeniedException");
    expect(error.message).toBe(
      `User: arn:aws:sts::${TARGET}:assumed-role/pull/pull is not authorized to perform: ecr:DescribeImages ` +
        `on resource: arn:aws:ecr:${REGION}:${TARGET}:repository/team/app-b`,
    );
  });

  it("GetAuthorizationToken is authorised on *; an ungranted action is denied", async () => {
    const ecr = ecrAs(emulator, session, REGION);
    const token = await ecr.send(new GetAuthorizationTokenCommand({}));
    expect(token.authorizationData?.length).toBe(1);
    const error = await awsErrorOf(ecr.send(new DescribeRepositoriesCommand({})));
    ecr.destroy();
    expect(error).toMatchObject({ status: 403, name: "AccessDeniedException" });
  });
});
