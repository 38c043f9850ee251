import { DeleteObjectCommand, PutObjectCommand, S3Client } from "@aws-sdk/client-s3";
import type { S3Probe } from "../core/ports/s3-probe-port.js";
import { type AwsClientConfig, toSdkClientConfig } from "./aws-client-config.js";
import { probe } from "./to-probe-outcome.js";

/**
 * An S3 probe on `config`. `forcePathStyle` is for endpoints that are not AWS (an emulator on 127.0.0.1 has no
 * virtual-hosted bucket names).
 */
export function createS3Probe(config: AwsClientConfig, options: { forcePathStyle?: boolean } = {}): S3Probe {
  const client = new S3Client({
    ...toSdkClientConfig(config),
    maxAttempts: 2,
    forcePathStyle: options.forcePathStyle ?? false,
    requestHandler: { connectionTimeout: 5_000, requestTimeout: 30_000 },
  });
  return {
    async putCanary(bucket, key) {
      const body = `crossrole verify canary ${new Date().toISOString()}\n`;
      const { outcome } = await probe(() =>
        client.send(
          new PutObjectCommand({ Bucket: bucket, Key: key, Body: body, ContentType: "text/plain" }),
        ),
      );
      return outcome;
    },
    async deleteObject(bucket, key) {
      return (await probe(() => client.send(new DeleteObjectCommand({ Bucket: bucket, Key: key })))).outcome;
    },
    destroy: () => client.destroy(),
  };
}
