import { Agent, request } from "node:http";
import { afterEach, describe, expect, it } from "vitest";
import { EnvironmentError } from "../../core/errors.js";
import {
  type CredentialServer,
  createBearerToken,
  isLoopbackHost,
  renderContainerCredentials,
  type ServedCredentials,
  startCredentialServer,
  tokenMatches,
} from "./credential-server.js";

const CREDS: ServedCredentials = {
  accessKeyId: "ASIAEXAMPLEEXAMPLE12",
  secretAccessKey: "secret/with+chars=",
  sessionToken: "FwoGZXIvYXdzEXAMPLETOKEN",
  expiration: new Date("2026-01-02T03:04:05.678Z"),
  roleArn: "arn:aws:iam::111111111111:role/deploy",
};

const TOKEN = createBearerToken();
let server: CredentialServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

function get(
  url: string,
  headers: Record<string, string> = {},
  method = "GET",
  agent: Agent | false = false,
): Promise<{ status: number; body: string; headers: Record<string, unknown> }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method, headers, agent }, (res) => {
      let body = "";
      res.on("data", (d: Buffer) => {
        body += d.toString();
      });
      res.on("end", () => resolve({ status: res.statusCode ?? 0, body, headers: res.headers }));
    });
    req.on("error", reject);
    req.end();
  });
}

describe("createBearerToken", () => {
  it("is 32 random bytes, base64url (43 characters), different every time", () => {
    expect(TOKEN).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(Buffer.from(TOKEN, "base64url")).toHaveLength(32);
    expect(createBearerToken()).not.toBe(TOKEN);
  });
});

describe("tokenMatches", () => {
  it.each([
    [TOKEN, true],
    [`${TOKEN}x`, false],
    [TOKEN.slice(0, -1), false],
    ["", false],
    [`Bearer ${TOKEN}`, false],
  ])("%s → %s", (presented, expected) => {
    expect(tokenMatches(presented, TOKEN)).toBe(expected);
  });
});

describe("isLoopbackHost", () => {
  it.each([
    ["127.0.0.1", true],
    ["127.8.9.10", true],
    ["::1", true],
    ["[::1]", true],
    ["localhost", true],
    ["::ffff:127.0.0.1", true],
    ["0.0.0.0", false],
    ["172.17.0.1", false],
    ["169.254.170.2", false],
    ["::", false],
  ])("%s → %s", (host, expected) => {
    expect(isLoopbackHost(host)).toBe(expected);
  });
});

describe("renderContainerCredentials", () => {
  it("has exactly the fields the JS SDK v3 and botocore parse; Expiration is RFC 3339 UTC in whole seconds", () => {
    expect(JSON.parse(renderContainerCredentials(CREDS))).toEqual({
      AccessKeyId: "ASIAEXAMPLEEXAMPLE12",
      SecretAccessKey: "secret/with+chars=",
      Token: "FwoGZXIvYXdzEXAMPLETOKEN",
      Expiration: "2026-01-02T03:04:05Z",
      RoleArn: "arn:aws:iam::111111111111:role/deploy",
      AccountId: "111111111111",
    });
  });

  it("leaves RoleArn and AccountId out when the role is unknown", () => {
    const { roleArn: _, ...bare } = CREDS;
    expect(Object.keys(JSON.parse(renderContainerCredentials(bare)))).toEqual([
      "AccessKeyId",
      "SecretAccessKey",
      "Token",
      "Expiration",
    ]);
  });
});

describe("startCredentialServer", () => {
  it("listens on 127.0.0.1 and a free port by default; URL ends in /credentials", async () => {
    server = await startCredentialServer({ token: TOKEN, credentials: async () => CREDS });
    expect(server.host).toBe("127.0.0.1");
    expect(server.port).toBeGreaterThan(0);
    expect(server.url).toBe(`http://127.0.0.1:${server.port}/credentials`);
  });

  it("200 with the credentials for the exact token; no-store", async () => {
    server = await startCredentialServer({ token: TOKEN, credentials: async () => CREDS });
    const res = await get(server.url, { Authorization: TOKEN });
    expect(res.status).toBe(200);
    expect(res.headers["content-type"]).toBe("application/json");
    expect(res.headers["cache-control"]).toBe("no-store");
    expect(JSON.parse(res.body).AccessKeyId).toBe(CREDS.accessKeyId);
  });

  it.each([
    ["missing Authorization", {}, 401, "Unauthorized"],
    ["empty Authorization", { Authorization: "" }, 401, "Unauthorized"],
    ["wrong token", { Authorization: "nope-nope-nope-nope" }, 403, "Forbidden"],
    ["Bearer-prefixed token", { Authorization: `Bearer ${TOKEN}` }, 403, "Forbidden"],
  ])("%s → %i, never credentials", async (_name, headers, status, code) => {
    let asked = 0;
    server = await startCredentialServer({
      token: TOKEN,
      credentials: async () => {
        asked += 1;
        return CREDS;
      },
    });
    const res = await get(server.url, headers);
    expect(res.status).toBe(status);
    expect(JSON.parse(res.body).Code).toBe(code);
    expect(res.body).not.toContain(CREDS.secretAccessKey);
    expect(asked).toBe(0);
  });

  it("the token is checked before the path: an unknown path without a token is 401, with it 404", async () => {
    server = await startCredentialServer({ token: TOKEN, credentials: async () => CREDS });
    const base = server.url.replace("/credentials", "");
    expect((await get(`${base}/other`)).status).toBe(401);
    expect((await get(`${base}/other`, { Authorization: TOKEN })).status).toBe(404);
  });

  it("POST → 405; HEAD → 200 without a body", async () => {
    server = await startCredentialServer({ token: TOKEN, credentials: async () => CREDS });
    expect((await get(server.url, { Authorization: TOKEN }, "POST")).status).toBe(405);
    const head = await get(server.url, { Authorization: TOKEN }, "HEAD");
    expect(head.status).toBe(200);
    expect(head.body).toBe("");
  });

  it("credentials() rejecting → 503 with a JSON error, no stack or secret", async () => {
    server = await startCredentialServer({
      token: TOKEN,
      credentials: async () => {
        throw new EnvironmentError("CREDENTIALS_UNAVAILABLE", "no valid credentials");
      },
    });
    const res = await get(server.url, { Authorization: TOKEN });
    expect(res.status).toBe(503);
    expect(JSON.parse(res.body)).toEqual({ Code: "CredentialsUnavailable", Message: "no valid credentials" });
  });

  it("reports statuses through onRequest", async () => {
    const statuses: number[] = [];
    server = await startCredentialServer({
      token: TOKEN,
      credentials: async () => CREDS,
      onRequest: (s) => statuses.push(s),
    });
    await get(server.url, { Authorization: TOKEN });
    await get(server.url);
    expect(statuses).toEqual([200, 401]);
  });

  it("refuses a weak token", async () => {
    await expect(startCredentialServer({ token: "short", credentials: async () => CREDS })).rejects.toThrow(
      /bearer token/,
    );
  });

  it("a taken port → EnvironmentError BIND_FAILED with a hint", async () => {
    server = await startCredentialServer({ token: TOKEN, credentials: async () => CREDS });
    const error = await startCredentialServer({
      token: TOKEN,
      credentials: async () => CREDS,
      port: server.port,
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(EnvironmentError);
    expect((error as EnvironmentError).code).toBe("BIND_FAILED");
    expect((error as EnvironmentError).hint).toMatch(/--port/);
  });

  it("close() drops keep-alive connections and is idempotent", async () => {
    server = await startCredentialServer({ token: TOKEN, credentials: async () => CREDS });
    const agent = new Agent({ keepAlive: true });
    await get(server.url, { Authorization: TOKEN }, "GET", agent);
    // An open keep-alive connection would make server.close() wait for it.
    await Promise.all([server.close(), server.close()]);
    await expect(get(server.url, { Authorization: TOKEN })).rejects.toThrow(/ECONNREFUSED/);
    agent.destroy();
    server = undefined;
  });
});
