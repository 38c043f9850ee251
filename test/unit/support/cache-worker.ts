// A child process for the credential-cache concurrency test: one getOrCreate on a shared key. The producer appends
// one line to COUNTER (O_APPEND, so concurrent appends never mix) and takes a while, like a real AssumeRole.
//   node --import tsx test/unit/support/cache-worker.ts DIR KEY COUNTER
import { appendFile } from "node:fs/promises";
import { CredentialCache } from "../../../src/local/cache/credential-cache.js";

const [dir, key, counter] = process.argv.slice(2);
if (dir === undefined || key === undefined || counter === undefined)
  throw new Error("usage: DIR KEY COUNTER");
const cache = new CredentialCache(dir);
const { session, fromCache } = await cache.getOrCreate(key, 600, async () => {
  await appendFile(counter, `${process.pid}\n`);
  await new Promise((done) => setTimeout(done, 150));
  return {
    roleArn: "arn:aws:iam::111111111111:role/deploy",
    credentials: {
      accessKeyId: `ASIA${process.pid}`,
      secretAccessKey: "secret",
      sessionToken: "token",
      expiration: new Date(Date.now() + 3600_000),
    },
  };
});
process.stdout.write(`${JSON.stringify({ fromCache, accessKeyId: session.credentials.accessKeyId })}\n`);
