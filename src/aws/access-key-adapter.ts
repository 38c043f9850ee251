import {
  CreateAccessKeyCommand,
  DeleteAccessKeyCommand,
  IAMClient,
  paginateListAccessKeys,
  UpdateAccessKeyCommand,
} from "@aws-sdk/client-iam";
import { AwsAuthError, AwsOperationError } from "../core/errors.js";
import type { AccessKeyInfo, AccessKeyPort } from "../core/ports/access-key-port.js";
import { type AwsClientConfig, toSdkClientConfig } from "./aws-client-config.js";
import { checkIamPage } from "./check-iam-page.js";
import { translateAwsError } from "./translate-aws-error.js";

/**
 * Access-key calls on the AWS SDK (the IAM adapter of apply covers roles and policies only). Errors become
 * CrossroleErrors naming the call; an AccessDenied says which permission the BUILD admin credentials need.
 */
export function createAccessKeyAdapter(config: AwsClientConfig): AccessKeyPort {
  const client = new IAMClient({
    ...toSdkClientConfig(config),
    region: config.region ?? "us-east-1",
    requestHandler: { connectionTimeout: 5_000, requestTimeout: 30_000 },
  });
  async function call<T>(action: string, userName: string, run: () => Promise<T>): Promise<T> {
    try {
      return await run();
    } catch (error) {
      const translated = translateAwsError(error, {
        action: `iam:${action}`,
        resource: `user ${userName}`,
        endpoint: config.endpoint,
      });
      if (translated.code === "ACCESS_DENIED" && translated.hint === undefined) {
        throw new AwsAuthError(translated.code, translated.message, {
          hint: `The BUILD admin credentials need iam:${action} on the user: --build-profile NAME, or build.admin in the spec.`,
          cause: error,
        });
      }
      throw translated;
    }
  }
  return {
    listAccessKeys: (userName) =>
      call("ListAccessKeys", userName, async () => {
        const keys: AccessKeyInfo[] = [];
        for await (const page of paginateListAccessKeys({ client }, { UserName: userName })) {
          for (const k of checkIamPage(page, "ListAccessKeys").AccessKeyMetadata ?? []) {
            if (k.AccessKeyId === undefined) continue;
            const info: AccessKeyInfo = {
              accessKeyId: k.AccessKeyId,
              status: k.Status === "Inactive" ? "Inactive" : "Active",
            };
            if (k.CreateDate !== undefined) info.createDate = k.CreateDate;
            keys.push(info);
          }
        }
        return keys;
      }),
    createAccessKey: (userName) =>
      call("CreateAccessKey", userName, async () => {
        const { AccessKey: key } = await client.send(new CreateAccessKeyCommand({ UserName: userName }));
        if (key?.AccessKeyId === undefined || key.SecretAccessKey === undefined) {
          throw new AwsOperationError(
            "EMPTY_ACCESS_KEY",
            `iam:CreateAccessKey for ${userName} returned no key.`,
          );
        }
        return { accessKeyId: key.AccessKeyId, secretAccessKey: key.SecretAccessKey };
      }),
    setAccessKeyStatus: (userName, accessKeyId, status) =>
      call("UpdateAccessKey", userName, async () => {
        await client.send(
          new UpdateAccessKeyCommand({ UserName: userName, AccessKeyId: accessKeyId, Status: status }),
        );
      }),
    deleteAccessKey: (userName, accessKeyId) =>
      call("DeleteAccessKey", userName, async () => {
        await client.send(new DeleteAccessKeyCommand({ UserName: userName, AccessKeyId: accessKeyId }));
      }),
  };
}
