import { createServer, request, type Server } from "node:http";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { actionOf, type FaultProxy, startFaultProxy } from "./fault-proxy.js";

// The proxy against a tiny upstream that answers every request with 200 and a fixed body (no emulator needed).
const UPSTREAM_BODY = `<Ok>${"x".repeat(200)}</Ok>`;
let upstream: Server;
let proxy: FaultProxy;

beforeAll(async () => {
  upstream = createServer((req, res) => {
    req.resume();
    req.on("end", () => {
      res.writeHead(200, { "content-type": "text/xml", "content-length": String(UPSTREAM_BODY.length) });
      res.end(UPSTREAM_BODY);
    });
  });
  await new Promise<void>((done) => upstream.listen(0, "127.0.0.1", done));
  const address = upstream.address();
  const port = typeof address === "object" && address !== null ? address.port : 0;
  proxy = await startFaultProxy({ endpoint: `http://127.0.0.1:${port}` });
});
afterEach(() => proxy.reset());
afterAll(async () => {
  await proxy.close();
  await new Promise<void>((done) => upstream.close(() => done()));
});

const STS_AUTH =
  "AWS4-HMAC-SHA256 Credential=AKIAEXAMPLE/20260101/us-east-1/sts/aws4_request, SignedHeaders=host, Signature=00";

interface Answer {
  status?: number | undefined;
  type?: string | undefined;
  body?: string | undefined;
  error?: string | undefined;
}

/** One POST through the proxy; a connection error or an aborted body is reported, not thrown. */
function post(body: string, headers: Record<string, string>, path = "/"): Promise<Answer> {
  const url = new URL(proxy.endpoint);
  return new Promise((done) => {
    const req = request({ host: url.hostname, port: url.port, method: "POST", path, headers }, (res) => {
      let text = "";
      res.on("data", (c: Buffer) => {
        text += c.toString();
      });
      res.on("end", () => done({ status: res.statusCode, type: res.headers["content-type"], body: text }));
      res.on("aborted", () => done({ status: res.statusCode, body: text, error: "aborted" }));
      res.on("error", (e) => done({ status: res.statusCode, body: text, error: String(e) }));
    });
    req.on("error", (e) => done({ error: (e as NodeJS.ErrnoException).code ?? String(e) }));
    req.end(body);
  });
}

const assumeRole = (extra = "") =>
  post(`Action=AssumeRole&Version=2011-06-15&RoleArn=arn${extra}`, {
    authorization: STS_AUTH,
    "content-type": "application/x-www-form-urlencoded",
  });

describe("fault proxy", () => {
  it.each([
    [
      "query body",
      { headers: { authorization: STS_AUTH }, url: "/" },
      "Action=AssumeRole&Version=1",
      "sts:AssumeRole",
    ],
    [
      "query string",
      { headers: { authorization: STS_AUTH }, url: "/?Action=GetCallerIdentity" },
      "",
      "sts:GetCallerIdentity",
    ],
    [
      "ECR JSON target",
      { headers: { "x-amz-target": "AmazonEC2ContainerRegistry_V20150921.GetAuthorizationToken" }, url: "/" },
      "{}",
      "ecr:GetAuthorizationToken",
    ],
    [
      "S3 put",
      {
        headers: { authorization: STS_AUTH.replace("/sts/", "/s3/") },
        url: "/bucket/a/b.txt",
        method: "PUT",
      },
      "",
      "s3:PutObject",
    ],
    ["nothing known", { headers: {}, url: "/" }, "", "unknown"],
  ])("names the action (%s)", (_name, req, body, expected) => {
    expect(actionOf(req, body)).toBe(expected);
  });

  it("forwards without rules, and counts what it received", async () => {
    expect(await assumeRole()).toMatchObject({ status: 200, body: UPSTREAM_BODY });
    expect(proxy.count("sts:AssumeRole")).toBe(1);
    expect(proxy.requests).toEqual([{ action: "sts:AssumeRole", outcome: "forwarded" }]);
  });

  it("injects a fault `times` times only, and only where `when` matches", async () => {
    proxy.setRules([
      { action: "sts:AssumeRole", fault: "throttle", times: 2, when: (r) => !r.body.includes("ExternalId=") },
    ]);
    const withId = await assumeRole("&ExternalId=x");
    const first = await assumeRole();
    const second = await assumeRole();
    const third = await assumeRole();
    expect(withId.status).toBe(200);
    expect(first).toMatchObject({ status: 400, type: "text/xml" });
    expect(first.body).toContain("<Code>Throttling</Code>");
    expect(second.status).toBe(400);
    expect(third.status).toBe(200);
    expect(proxy.requests.map((r) => r.outcome)).toEqual(["forwarded", "throttle", "throttle", "forwarded"]);
  });

  it("throttles ECR with its JSON error", async () => {
    proxy.setRules([{ action: "ecr:GetAuthorizationToken", fault: "throttle" }]);
    const answer = await post("{}", {
      "x-amz-target": "AmazonEC2ContainerRegistry_V20150921.GetAuthorizationToken",
    });
    expect(answer.status).toBe(400);
    expect(JSON.parse(answer.body ?? "")).toEqual({
      __type: "ThrottlingException",
      message: "Rate exceeded",
    });
  });

  it.each([
    ["status", { status: 503 }, { status: 503, body: "503 Service Unavailable\n" }],
    ["status", { status: 500 }, { status: 500, body: "500 Internal Server Error\n" }],
    ["html403", {}, { status: 403, type: "text/html" }],
    ["html404", {}, { status: 404, type: "text/html" }],
    ["garbage200", {}, { status: 200, type: "text/plain" }],
  ] as const)("answers %s %j", async (fault, extra, expected) => {
    proxy.setRules([{ action: "sts:AssumeRole", fault, ...extra }]);
    expect(await assumeRole()).toMatchObject(expected);
  });

  it("resets the connection", async () => {
    proxy.setRules([{ action: "sts:AssumeRole", fault: "reset" }]);
    expect((await assumeRole()).error).toMatch(/ECONNRESET|socket hang up/);
  });

  it("truncates the body under the full Content-Length", async () => {
    proxy.setRules([{ action: "sts:AssumeRole", fault: "truncate" }]);
    const answer = await assumeRole();
    expect(answer.status).toBe(200);
    expect(answer.error).toBeDefined();
    expect(answer.body?.length).toBe(Math.floor(UPSTREAM_BODY.length / 2));
  });

  it("delays, then forwards", async () => {
    proxy.setRules([{ action: "sts:AssumeRole", fault: "delay", ms: 300 }]);
    const started = performance.now();
    expect((await assumeRole()).status).toBe(200);
    expect(performance.now() - started).toBeGreaterThanOrEqual(290);
  });
});
