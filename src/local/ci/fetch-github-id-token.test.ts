import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { fetchGithubIdToken } from "./fetch-github-id-token.js";

const REQUEST_TOKEN = "job-request-token-0123456789";
let server: Server | undefined;

afterEach(async () => {
  server?.closeAllConnections();
  await new Promise((resolve) => server?.close(resolve) ?? resolve(undefined));
  server = undefined;
});

/** A loopback endpoint answering with `handler`; returns the job's environment. */
async function endpoint(
  handler: (request: IncomingMessage, response: ServerResponse) => void,
): Promise<Record<string, string>> {
  server = createServer(handler);
  await new Promise<void>((resolve) => server?.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    ACTIONS_ID_TOKEN_REQUEST_URL: `http://127.0.0.1:${port}/idtoken?api-version=2.0`,
    ACTIONS_ID_TOKEN_REQUEST_TOKEN: REQUEST_TOKEN,
  };
}

async function failure(promise: Promise<unknown>): Promise<{ code: string; kind: string; message: string }> {
  try {
    await promise;
  } catch (error) {
    return error as { code: string; kind: string; message: string };
  }
  throw new Error("expected a failure");
}

describe("fetchGithubIdToken", () => {
  it("sends the bearer token, asks for the audience, and returns the value", async () => {
    const seen: string[] = [];
    const env = await endpoint((request, response) => {
      seen.push(`${request.headers.authorization} ${request.url}`);
      response.end(JSON.stringify({ count: 1, value: "a.b.c" }));
    });
    expect(await fetchGithubIdToken({ audience: "sts.amazonaws.com", env })).toBe("a.b.c");
    expect(seen).toEqual([`Bearer ${REQUEST_TOKEN} /idtoken?api-version=2.0&audience=sts.amazonaws.com`]);
  });

  const big = "x".repeat(70_000);
  it.each([
    [
      "an HTML page",
      200,
      "<!DOCTYPE html><html>proxy</html>",
      "ID_TOKEN_FETCH_FAILED",
      "environment",
      "not JSON (an HTML page",
    ],
    [
      "an HTML error",
      502,
      "<html>bad gateway</html>",
      "ID_TOKEN_FETCH_FAILED",
      "environment",
      "answered HTTP 502 (an HTML page",
    ],
    [
      "401",
      401,
      '{"message":"Unauthorized"}',
      "ID_TOKEN_REFUSED",
      "aws-auth",
      "refused the request (HTTP 401)",
    ],
    [
      "JSON without value",
      200,
      '{"count":0}',
      "ID_TOKEN_FETCH_FAILED",
      "environment",
      'without a "value" token',
    ],
    ["a huge answer", 200, big, "ID_TOKEN_FETCH_FAILED", "environment", "answered more than 65536 bytes"],
  ] as const)("refuses %s", async (_, status, body, code, kind, text) => {
    const env = await endpoint((_request, response) => {
      response.writeHead(status);
      response.end(body);
    });
    const error = await failure(fetchGithubIdToken({ audience: "sts.amazonaws.com", env }));
    expect(error).toMatchObject({ code, kind });
    expect(error.message).toContain(text);
    expect(error.message).not.toContain(REQUEST_TOKEN);
  });

  it("gives up on a slow endpoint, and on one that stalls mid-answer", async () => {
    const silent = await endpoint(() => {});
    const started = Date.now();
    const slow = await failure(fetchGithubIdToken({ audience: "a", env: silent, timeoutMs: 300 }));
    expect(slow).toMatchObject({
      code: "ID_TOKEN_FETCH_FAILED",
      message: expect.stringContaining("no answer within 0.3 s"),
    });
    expect(Date.now() - started).toBeLessThan(3000);
    server?.closeAllConnections();
    server?.close();
    const stalls = await endpoint((_request, response) => {
      response.writeHead(200);
      response.write('{"value":"a.');
    });
    const stalled = await failure(fetchGithubIdToken({ audience: "a", env: stalls, timeoutMs: 300 }));
    expect(stalled.message).toContain("did not finish its answer within 0.3 s");
  });

  it.each([
    ["unset variables", {}, "ID_TOKEN_MISSING", "is not set"],
    [
      "plain http to another host",
      { ACTIONS_ID_TOKEN_REQUEST_URL: "http://example.com/x", ACTIONS_ID_TOKEN_REQUEST_TOKEN: "t" },
      "ID_TOKEN_FETCH_FAILED",
      "not https",
    ],
    [
      "not a URL",
      { ACTIONS_ID_TOKEN_REQUEST_URL: "::", ACTIONS_ID_TOKEN_REQUEST_TOKEN: "t" },
      "ID_TOKEN_FETCH_FAILED",
      "is not a URL",
    ],
  ] as const)("refuses %s before any request", async (_, env, code, text) => {
    const error = await failure(fetchGithubIdToken({ audience: "a", env }));
    expect(error).toMatchObject({ code, message: expect.stringContaining(text) });
  });
});
