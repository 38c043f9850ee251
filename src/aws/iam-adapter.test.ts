import { createServer, type Server } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createIamAdapter, decodePolicy } from "./iam-adapter.js";

/** A loopback "IAM" that answers every request with the error queued for its Action. */
let server: Server;
let endpoint: string;
const errors = new Map<string, { status: number; code: string; message: string }>();
const seen: string[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    let body = "";
    req.on("data", (c: Buffer) => {
      body += c.toString();
    });
    req.on("end", () => {
      const action = /Action=([A-Za-z]+)/.exec(body)?.[1] ?? "";
      seen.push(action);
      const error = errors.get(action);
      res.writeHead(error?.status ?? 200, { "Content-Type": "text/xml" });
      res.end(
        error === undefined
          ? `<${action}Response><${action}Result></${action}Result></${action}Response>`
          : `<ErrorResponse><Error><Type>Sender</Type><Code>${error.code}</Code><Message>${error.message}</Message></Error><RequestId>r</RequestId></ErrorResponse>`,
      );
    });
  });
  await new Promise<void>((done) => server.listen(0, "127.0.0.1", done));
  const address = server.address();
  endpoint = `http://127.0.0.1:${typeof address === "object" && address !== null ? address.port : 0}`;
});
afterAll(() => {
  server.close();
});

const adapter = (onWrite?: (a: string) => void) =>
  createIamAdapter(
    { endpoint, region: "us-east-1", credentials: { accessKeyId: "AKIDEXAMPLE", secretAccessKey: "x" } },
    { account: "111111111111", ...(onWrite === undefined ? {} : { onWrite }) },
  );
const trust = { Version: "2012-10-17" as const, Statement: [] };

describe("createIamAdapter", () => {
  it("NoSuchEntity on a read is 'absent' (undefined)", async () => {
    errors.set("GetRole", {
      status: 404,
      code: "NoSuchEntity",
      message: "The role with name x cannot be found.",
    });
    await expect(adapter().getRole("x")).resolves.toBeUndefined();
  });

  it('"Invalid principal" becomes INVALID_PRINCIPAL with a fix', async () => {
    errors.set("CreateRole", {
      status: 400,
      code: "MalformedPolicyDocument",
      message: "Invalid principal in policy: &quot;AWS&quot;:&quot;arn:aws:iam::222222222222:user/ci&quot;",
    });
    const error = await adapter()
      .createRole({ roleName: "r", path: "/", trustPolicy: trust, maxSessionDuration: 3600, tags: {} })
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ code: "INVALID_PRINCIPAL", kind: "aws" });
    expect((error as Error).message).toMatch(/names a BUILD principal that does not exist/);
    expect((error as { hint: string }).hint).toMatch(/--create-build-user/);
  });

  it("AccessDenied names the call, the account and the permission needed (exit 3, no retry)", async () => {
    errors.set("PutRolePolicy", {
      status: 403,
      code: "AccessDenied",
      message: "User: arn:aws:iam::111111111111:user/a is not authorized to perform: iam:PutRolePolicy",
    });
    seen.length = 0;
    const error = await adapter()
      .putRolePolicy("r", "crossrole-permissions", trust)
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ code: "ACCESS_DENIED", kind: "aws-auth" });
    expect((error as Error).message).toMatch(
      /iam:PutRolePolicy on r\/crossrole-permissions in account 111111111111/,
    );
    expect((error as { hint: string }).hint).toMatch(/need iam:PutRolePolicy/);
    expect(seen).toEqual(["PutRolePolicy"]);
  });

  it("a full IAM quota (LimitExceeded) fails at once, not retried as throttling, and says it is a quota", async () => {
    errors.set("PutRolePolicy", {
      status: 409,
      code: "LimitExceeded",
      message: "Cannot exceed quota for PoliciesPerRole: 10",
    });
    seen.length = 0;
    const error = await adapter()
      .putRolePolicy("r", "crossrole-permissions", trust)
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ code: "IAM_VALIDATION", kind: "aws" });
    expect((error as Error).message).toMatch(/PoliciesPerRole/);
    expect((error as { hint: string }).hint).toMatch(/quota .*is full/);
    expect(seen).toEqual(["PutRolePolicy"]);
    errors.delete("PutRolePolicy");
  });

  it("other validation errors fail fast with a hint", async () => {
    errors.set("UpdateRole", {
      status: 400,
      code: "ValidationError",
      message: "MaxSessionDuration must be at most 43200",
    });
    const error = await adapter()
      .updateRole("r", { maxSessionDuration: 99999 })
      .catch((e: unknown) => e);
    expect(error, String((error as Error).message)).toMatchObject({ code: "IAM_VALIDATION" });
  });

  it("counts write calls, not reads", async () => {
    errors.clear();
    const writes: string[] = [];
    const iam = adapter((a) => writes.push(a));
    await iam.listRolePolicies("r");
    await iam.tagRole("r", { "managed-by": "crossrole" });
    await iam.deleteRolePolicy("r", "crossrole-permissions");
    expect(writes).toEqual(["TagRole", "DeleteRolePolicy"]);
  });
});

describe("decodePolicy", () => {
  const doc = {
    Version: "2012-10-17",
    Statement: [{ Effect: "Allow", Action: "sts:AssumeRole", Principal: { AWS: "arn:aws:iam::1:user/a+b" } }],
  };
  it.each([
    ["URL-encoded (as IAM returns it)", encodeURIComponent(JSON.stringify(doc))],
    ["raw JSON", JSON.stringify(doc)],
  ])("%s", (_label, text) => {
    expect(decodePolicy(text)).toEqual(doc);
  });
  it("a single statement object becomes a list", () => {
    expect(
      decodePolicy(JSON.stringify({ Version: "2012-10-17", Statement: { Effect: "Allow" } })).Statement,
    ).toEqual([{ Effect: "Allow" }]);
  });
});
