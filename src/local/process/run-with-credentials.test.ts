import { describe, expect, it } from "vitest";
import { EnvironmentError } from "../../core/errors.js";
import { credentialChildEnv, runWithCredentials } from "./run-with-credentials.js";

const credentials = {
  accessKeyId: "ASIANEW",
  secretAccessKey: "new-secret",
  sessionToken: "new-token",
  expiration: new Date("2030-01-01T00:00:00Z"),
};

describe("credentialChildEnv", () => {
  it("scrubs competing credential sources and sets the new ones", () => {
    const env = credentialChildEnv(
      {
        PATH: "/bin",
        AWS_PROFILE: "x",
        AWS_DEFAULT_PROFILE: "x",
        AWS_ACCESS_KEY_ID: "AKIAOLD",
        AWS_SECRET_ACCESS_KEY: "old",
        AWS_SESSION_TOKEN: "old-token",
        AWS_SECURITY_TOKEN: "old-token",
        AWS_CREDENTIAL_EXPIRATION: "2000-01-01",
        AWS_CONTAINER_CREDENTIALS_FULL_URI: "http://x",
        AWS_CONTAINER_CREDENTIALS_RELATIVE_URI: "/x",
        AWS_CONTAINER_AUTHORIZATION_TOKEN: "t",
        AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE: "/t",
        AWS_WEB_IDENTITY_TOKEN_FILE: "/w",
        AWS_ROLE_ARN: "arn",
        AWS_ROLE_SESSION_NAME: "s",
        AWS_ENDPOINT_URL: "http://127.0.0.1:1",
        AWS_REGION: "us-east-1",
      },
      credentials,
      "eu-west-1",
    );
    expect(env).toEqual({
      PATH: "/bin",
      AWS_ENDPOINT_URL: "http://127.0.0.1:1",
      AWS_ACCESS_KEY_ID: "ASIANEW",
      AWS_SECRET_ACCESS_KEY: "new-secret",
      AWS_SESSION_TOKEN: "new-token",
      AWS_CREDENTIAL_EXPIRATION: expect.stringMatching(/^2030-01-01T00:00:00/),
      AWS_REGION: "eu-west-1",
      AWS_DEFAULT_REGION: "eu-west-1",
    });
  });
});

describe("runWithCredentials", () => {
  const base = { credentials, region: "eu-west-1", env: { PATH: process.env.PATH ?? "" } };

  it("returns the child's exit code", async () => {
    expect(
      await runWithCredentials({ ...base, command: process.execPath, args: ["-e", "process.exit(7)"] }),
    ).toBe(7);
    expect(await runWithCredentials({ ...base, command: process.execPath, args: ["-e", "0"] })).toBe(0);
  });

  it("returns 128 + signal when the child is killed", async () => {
    const code = await runWithCredentials({
      ...base,
      command: process.execPath,
      args: ["-e", "process.kill(process.pid, 'SIGTERM'); setTimeout(() => {}, 5000)"],
    });
    expect(code).toBe(143);
  });

  it("gives the child the credentials", async () => {
    const code = await runWithCredentials({
      ...base,
      command: process.execPath,
      args: [
        "-e",
        "process.exit(process.env.AWS_ACCESS_KEY_ID === 'ASIANEW' && process.env.AWS_DEFAULT_REGION === 'eu-west-1' ? 0 : 9)",
      ],
    });
    expect(code).toBe(0);
  });

  it("reports a missing command clearly", async () => {
    const error = await runWithCredentials({ ...base, command: "no-such-command-xyz", args: [] }).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(EnvironmentError);
    expect((error as Error).message).toBe("command not found: no-such-command-xyz");
  });
});
