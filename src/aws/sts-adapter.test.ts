import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type AwsAuthError, CrossroleError } from "../core/errors.js";
import { createStsAdapter } from "./sts-adapter.js";

// A fake STS endpoint speaking the query protocol: the next AssumeRole answer is set per test;
// GetCallerIdentity always answers as the BUILD user.
let assumeAnswer: { status: number; body: string } = { status: 200, body: "" };
let server: Server;
let endpoint: string;

const CALLER = "arn:aws:iam::222222222222:user/ci";
const ROLE = "arn:aws:iam::111111111111:role/deploy";

beforeAll(async () => {
  server = createServer((req, res) => {
    let body = "";
    req.on("data", (d: Buffer) => {
      body += d.toString();
    });
    req.on("end", () => {
      res.setHeader("Content-Type", "text/xml");
      if (body.includes("Action=GetCallerIdentity")) {
        res.end(
          `<GetCallerIdentityResponse><GetCallerIdentityResult><Arn>${CALLER}</Arn><UserId>AIDA</UserId><Account>222222222222</Account></GetCallerIdentityResult></GetCallerIdentityResponse>`,
        );
        return;
      }
      res.statusCode = assumeAnswer.status;
      res.end(assumeAnswer.body);
    });
  });
  await new Promise<void>((done) => server.listen(0, "127.0.0.1", done));
  endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => {
  server.close();
});

function stsError(code: string, message: string): string {
  return `<ErrorResponse><Error><Type>Sender</Type><Code>${code}</Code><Message>${message}</Message></Error><RequestId>r</RequestId></ErrorResponse>`;
}

function adapter() {
  return createStsAdapter({
    region: "us-east-1",
    endpoint,
    credentials: { accessKeyId: "AKIAEXAMPLE", secretAccessKey: "source-secret" },
  });
}

const request = {
  roleArn: ROLE,
  externalId: "ext-abcd",
  sessionName: "ci-1",
  durationSeconds: 3600,
};

async function failure(
  extra: Partial<typeof request> & { tags?: { key: string; value: string }[] } = {},
  diag = {},
) {
  const error = await adapter()
    .assumeRole({ ...request, ...extra }, diag)
    .catch((e: unknown) => e);
  expect(error).toBeInstanceOf(CrossroleError);
  expect((error as Error).message).not.toContain("source-secret");
  return error as AwsAuthError;
}

describe("createStsAdapter", () => {
  it("returns the credentials and the assumed-role ARN", async () => {
    assumeAnswer = {
      status: 200,
      body: `<AssumeRoleResponse><AssumeRoleResult><Credentials><AccessKeyId>ASIAX</AccessKeyId><SecretAccessKey>s</SecretAccessKey><SessionToken>t</SessionToken><Expiration>2030-01-01T00:00:00Z</Expiration></Credentials><AssumedRoleUser><Arn>arn:aws:sts::111111111111:assumed-role/deploy/ci-1</Arn><AssumedRoleId>AROA:ci-1</AssumedRoleId></AssumedRoleUser><PackedPolicySize>6</PackedPolicySize></AssumeRoleResult></AssumeRoleResponse>`,
    };
    const out = await adapter().assumeRole(request);
    expect(out).toEqual({
      credentials: {
        accessKeyId: "ASIAX",
        secretAccessKey: "s",
        sessionToken: "t",
        expiration: new Date("2030-01-01T00:00:00Z"),
      },
      assumedRoleArn: "arn:aws:sts::111111111111:assumed-role/deploy/ci-1",
      packedPolicySize: 6,
    });
  });

  it("AccessDenied lists the three causes and tells the wrong identity apart", async () => {
    assumeAnswer = {
      status: 403,
      body: stsError("AccessDenied", `User: ${CALLER} is not authorized to perform: sts:AssumeRole`),
    };
    const error = await failure({}, { expectedPrincipalArn: "arn:aws:iam::222222222222:user/other" });
    expect(error.code).toBe("ASSUME_ROLE_DENIED");
    expect(error.kind).toBe("aws-auth");
    expect(error.message).toContain("1. BUILD grant missing");
    expect(error.message).toContain("2. trust principal mismatch");
    expect(error.message).toContain('3. ExternalId mismatch: the ExternalId sent (ending "abcd")');
    expect(error.message).toContain("you are running as the wrong identity");
    expect(error.hint).toContain("arn:aws:iam::222222222222:user/other");
  });

  it.each([
    ["the same user", CALLER, /cause 2 is unlikely/],
    ["the whole BUILD account", "arn:aws:iam::222222222222:root", /cause 2 is unlikely/],
    ["no spec principal", undefined, /compare that ARN with the role's trust policy/],
  ])("AccessDenied when the caller matches %s", async (_, expected, verdict) => {
    assumeAnswer = { status: 403, body: stsError("AccessDenied", "denied") };
    const error = await failure({}, expected === undefined ? {} : { expectedPrincipalArn: expected });
    expect(error.message).toMatch(verdict);
  });

  it("AccessDenied naming sts:TagSession says the trust lacks it", async () => {
    assumeAnswer = {
      status: 403,
      body: stsError(
        "AccessDenied",
        `User: ${CALLER} is not authorized to perform: sts:TagSession on resource: ${ROLE}`,
      ),
    };
    const error = await failure({ tags: [{ key: "team", value: "x" }] });
    expect(error.code).toBe("TAG_SESSION_DENIED");
    expect(error.hint).toMatch(/allowSessionTags/);
  });

  it("a generic AccessDenied with tags mentions sts:TagSession as a fourth cause", async () => {
    assumeAnswer = { status: 403, body: stsError("AccessDenied", "denied") };
    const error = await failure({ tags: [{ key: "team", value: "x" }] });
    expect(error.message).toContain("4. session tags were sent");
  });

  it("PackedPolicyTooLarge says the tags are too large", async () => {
    assumeAnswer = { status: 400, body: stsError("PackedPolicyTooLarge", "too large") };
    const error = await failure({ tags: [{ key: "team", value: "x" }] });
    expect(error.code).toBe("PACKED_POLICY_TOO_LARGE");
    expect(error.hint).toMatch(/fewer or shorter --tag/);
  });

  it("expired source credentials", async () => {
    assumeAnswer = {
      status: 403,
      body: stsError("ExpiredToken", "The security token included in the request is expired"),
    };
    const error = await failure();
    expect(error.code).toBe("EXPIRED_CREDENTIALS");
  });

  it("an unreachable endpoint is an environment error", async () => {
    const sts = createStsAdapter({
      region: "us-east-1",
      endpoint: "http://127.0.0.1:9",
      credentials: { accessKeyId: "AKIAEXAMPLE", secretAccessKey: "source-secret" },
    });
    const error = await sts.assumeRole(request).catch((e: unknown) => e);
    expect((error as CrossroleError).kind).toBe("environment");
    expect((error as Error).message).toContain("http://127.0.0.1:9");
  });
});
