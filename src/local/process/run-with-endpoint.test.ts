import { describe, expect, it } from "vitest";
import { endpointChildEnv } from "./run-with-endpoint.js";

const ENDPOINT = {
  AWS_CONTAINER_CREDENTIALS_FULL_URI: "http://127.0.0.1:4321/credentials",
  AWS_CONTAINER_AUTHORIZATION_TOKEN: "t0ken-t0ken-t0ken-t0ken",
  AWS_REGION: "eu-west-1",
  AWS_DEFAULT_REGION: "eu-west-1",
};

describe("endpointChildEnv", () => {
  it("removes every static key and competing source; adds only the endpoint's variables", () => {
    const env = endpointChildEnv(
      {
        PATH: "/bin",
        HOME: "/home/ci",
        AWS_ACCESS_KEY_ID: "AKIA...",
        AWS_SECRET_ACCESS_KEY: "s",
        AWS_SESSION_TOKEN: "t",
        AWS_SECURITY_TOKEN: "t",
        AWS_PROFILE: "build",
        AWS_DEFAULT_PROFILE: "build",
        AWS_CREDENTIAL_EXPIRATION: "2026-01-01T00:00:00Z",
        AWS_WEB_IDENTITY_TOKEN_FILE: "/token",
        AWS_ROLE_ARN: "arn:aws:iam::1:role/x",
        AWS_CONTAINER_CREDENTIALS_RELATIVE_URI: "/v2/creds",
        AWS_CONTAINER_CREDENTIALS_FULL_URI: "http://169.254.170.2/old",
        AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE: "/old-token",
        AWS_ENDPOINT_URL: "http://127.0.0.1:5000",
        AWS_CONFIG_FILE: "/home/ci/.aws/config",
        AWS_REGION: "us-east-1",
        UNSET: undefined,
      },
      ENDPOINT,
    );
    expect(env).toEqual({
      PATH: "/bin",
      HOME: "/home/ci",
      AWS_ENDPOINT_URL: "http://127.0.0.1:5000",
      AWS_CONFIG_FILE: "/home/ci/.aws/config",
      ...ENDPOINT,
    });
  });
});
