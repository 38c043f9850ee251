import { randomBytes } from "node:crypto";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { Claims, OidcIssuer } from "./oidc-issuer.js";

/** One request the fake endpoint answered. */
export interface TokenRequest {
  audience: string | null;
  /** Whether the bearer token was the job's. */
  authorized: boolean;
  status: number;
}

/**
 * A fake of GitHub Actions' OIDC token endpoint on loopback: `GET URL&audience=AUD` with `Authorization: Bearer
 * REQUEST_TOKEN` answers `{"value": JWT}` minted by `issuer` for that audience with the job's claims; a wrong or
 * missing bearer token gets 401, as GitHub's does.
 */
export interface GithubTokenEndpoint {
  /** ACTIONS_ID_TOKEN_REQUEST_URL and ACTIONS_ID_TOKEN_REQUEST_TOKEN of the fake job. */
  readonly env: Record<string, string>;
  readonly requestToken: string;
  readonly requests: TokenRequest[];
  /** Every token it handed out (to prove none leaks into files, argv or output). */
  readonly minted: string[];
  /** The job's claims (sub, repository, ref, run_id, …); change them to be another job. */
  claims: Claims;
  close(): Promise<void>;
}

export async function startGithubTokenEndpoint(
  issuer: OidcIssuer,
  claims: Claims,
): Promise<GithubTokenEndpoint> {
  const requestToken = randomBytes(24).toString("base64url");
  const requests: TokenRequest[] = [];
  const minted: string[] = [];
  const state = { claims };
  const server: Server = createServer((request, response) => {
    const url = new URL(request.url ?? "/", "http://local");
    const authorized = request.headers.authorization === `Bearer ${requestToken}`;
    const audience = url.searchParams.get("audience");
    const status = !authorized ? 401 : url.pathname !== "/idtoken" ? 404 : 200;
    requests.push({ audience, authorized, status });
    if (status !== 200) {
      response.writeHead(status, { "Content-Type": "application/json" });
      response.end(JSON.stringify({ message: status === 401 ? "Unauthorized" : "Not found" }));
      return;
    }
    const token = issuer.mint({ ...state.claims, ...(audience === null ? {} : { aud: audience }) });
    minted.push(token);
    response.writeHead(200, { "Content-Type": "application/json" });
    response.end(JSON.stringify({ count: 1, value: token }));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/idtoken?api-version=2.0`;
  return {
    env: { ACTIONS_ID_TOKEN_REQUEST_URL: base, ACTIONS_ID_TOKEN_REQUEST_TOKEN: requestToken },
    requestToken,
    requests,
    minted,
    get claims() {
      return state.claims;
    },
    set claims(value: Claims) {
      state.claims = value;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** The claims GitHub Actions puts in a job's token (subset), for `repository` on `ref`, run `runId`. */
export function githubJobClaims(repository: string, ref: string, runId: string): Claims {
  return {
    sub: `repo:${repository}:ref:${ref}`,
    repository,
    repository_owner: repository.split("/")[0],
    ref,
    ref_type: "branch",
    run_id: runId,
    run_attempt: "1",
    workflow: "deploy",
    event_name: "push",
    actor: "octocat",
  };
}
