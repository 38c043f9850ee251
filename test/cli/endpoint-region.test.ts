import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { initSpec, makeTempDir, runCli } from "./run-cli.js";

/**
 * A malformed endpoint URL or region is the user's mistake: exit 2, naming the flag or variable and the value,
 * before anything is sent. Before, `not a url` ended as exit 3 "TypeError: Invalid URL", `ftp://` silently went
 * to port 80, and `eu west 1` went into a host name.
 */

let dir: string;
let cleanup: () => Promise<void>;
beforeAll(async () => {
  ({ dir, cleanup } = await makeTempDir());
  await initSpec(dir);
});
afterAll(async () => cleanup());

/** Keys that look real, so nothing fails for want of credentials first; nothing can be reached with them. */
const keys = {
  AWS_ACCESS_KEY_ID: "AKIAIOSFODNN7EXAMPLE",
  AWS_SECRET_ACCESS_KEY: "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
};
const roleArn = "arn:aws:iam::111111111111:role/OurThingBuildRole";

describe("malformed endpoint URLs and regions: exit 2, naming where the value came from", () => {
  it.each([
    [
      "assume, --endpoint-url",
      ["assume", "ourthing", "--endpoint-url", "not a url"],
      {},
      '--endpoint-url="not a url"',
    ],
    [
      "assume --no-cache, AWS_ENDPOINT_URL",
      ["assume", "ourthing", "--no-cache"],
      { AWS_ENDPOINT_URL: "http://[::1" },
      'AWS_ENDPOINT_URL="http://[::1"',
    ],
    [
      "assume --role-arn, AWS_ENDPOINT_URL_STS port 99999",
      ["assume", "--role-arn", roleArn, "--external-id", "x-123456789012", "--region", "eu-west-1"],
      { AWS_ENDPOINT_URL_STS: "http://127.0.0.1:99999" },
      'AWS_ENDPOINT_URL_STS="http://127.0.0.1:99999"',
    ],
    [
      "assume, ftp://",
      ["assume", "ourthing"],
      { AWS_ENDPOINT_URL: "ftp://127.0.0.1:21" },
      "the scheme is ftp",
    ],
    [
      "assume --role-arn, AWS_REGION with spaces",
      ["assume", "--role-arn", roleArn, "--external-id", "x-123456789012"],
      { AWS_REGION: "eu west 1" },
      'AWS_REGION="eu west 1" is not an AWS region name',
    ],
    [
      "assume, --region",
      ["assume", "ourthing", "--region", "EU-WEST-1"],
      {},
      '--region="EU-WEST-1" is not an AWS region name',
    ],
    [
      "diff, AWS_ENDPOINT_URL ftp://",
      ["diff"],
      { AWS_ENDPOINT_URL: "ftp://127.0.0.1:21" },
      'AWS_ENDPOINT_URL="ftp://127.0.0.1:21"',
    ],
    [
      "verify, --endpoint-url",
      ["verify", "--endpoint-url", "http://[::1"],
      {},
      '--endpoint-url="http://[::1"',
    ],
    [
      "ecr login, AWS_ENDPOINT_URL",
      ["ecr", "login", "ourthing"],
      { AWS_ENDPOINT_URL: "not a url" },
      'AWS_ENDPOINT_URL="not a url"',
    ],
  ] as const)("%s", async (_name, args, env, expected) => {
    const started = Date.now();
    const result = await runCli([...args], { cwd: dir, env: { ...keys, ...env } });
    expect(result.stdout + result.stderr).toContain(expected);
    expect(result.code).toBe(2);
    expect(result.stderr).not.toMatch(/^\s+at /m);
    expect(result.stderr).not.toContain("TypeError");
    // Refused before any connection attempt (no SDK retries against a bad address).
    expect(Date.now() - started).toBeLessThan(10_000);
  });
});
