import { createSign, generateKeyPairSync, type KeyObject, randomUUID } from "node:crypto";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { EmulatorEndpoint } from "./emulator-client.js";

/** GitHub Actions' OIDC issuer, as tokens and IAM name it. */
export const GITHUB_ISSUER = "https://token.actions.githubusercontent.com";
/** A self-managed GitLab's issuer (its external URL). */
export const GITLAB_ISSUER = "https://gitlab.example.com";

/** Claims of a minted token; `undefined` leaves a default claim out. */
export type Claims = Record<string, unknown>;

/** How {@link OidcIssuer.mint} signs and dates a token. */
export interface MintOptions {
  /** Seconds from now to `exp` (default 300; negative: already expired). */
  expiresIn?: number;
  /** Seconds from now to `nbf` and `iat` (default 0). */
  notBefore?: number;
  /** Sign with a key that is NOT in the JWKS, under the published `kid` (a forged token). */
  forge?: boolean;
  /** The header's `kid` (default: the published key's). */
  kid?: string;
}

/** A local OIDC issuer on loopback http, with an RS256 key generated per run. */
export interface OidcIssuer {
  /** The issuer name in tokens and discovery (`https://...`), not where it listens. */
  readonly issuer: string;
  /** Where it listens: `http://127.0.0.1:PORT` (discovery at `/.well-known/openid-configuration`). */
  readonly url: string;
  /** The published JWKS. */
  readonly jwks: { keys: Record<string, unknown>[] };
  /** A signed JWT: defaults iss, aud (sts.amazonaws.com), sub, iat, nbf, exp, jti; `claims` override or add. */
  mint(claims?: Claims, options?: MintOptions): string;
  /** Requests served so far, by path. */
  readonly requests: string[];
  close(): Promise<void>;
}

function base64url(data: Buffer | string): string {
  return Buffer.from(data).toString("base64url");
}

function sign(key: KeyObject, header: object, claims: object): string {
  const input = `${base64url(JSON.stringify(header))}.${base64url(JSON.stringify(claims))}`;
  const signature = createSign("RSA-SHA256").update(input).sign(key);
  return `${input}.${base64url(signature)}`;
}

/**
 * Starts an OIDC issuer named `issuer` (tokens carry it as `iss`; discovery names it) listening on a free loopback
 * port. The emulator reaches it once told where it is ({@link routeIssuerToEmulator}).
 */
export async function startOidcIssuer(issuer: string = GITHUB_ISSUER): Promise<OidcIssuer> {
  const { privateKey, publicKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
  const forger = generateKeyPairSync("rsa", { modulusLength: 2048 }).privateKey;
  const kid = randomUUID();
  const jwk = publicKey.export({ format: "jwk" }) as Record<string, unknown>;
  const jwks = { keys: [{ ...jwk, kid, alg: "RS256", use: "sig" }] };
  const requests: string[] = [];
  const server: Server = createServer((request, response) => {
    const path = new URL(request.url ?? "/", "http://local").pathname;
    requests.push(path);
    const body =
      path === "/.well-known/openid-configuration"
        ? {
            issuer,
            jwks_uri: `${issuer}/.well-known/jwks`,
            subject_types_supported: ["public", "pairwise"],
            response_types_supported: ["id_token"],
            id_token_signing_alg_values_supported: ["RS256"],
            claims_supported: ["sub", "aud", "exp", "iat", "iss", "jti", "nbf", "ref", "repository"],
            scopes_supported: ["openid"],
          }
        : path === "/.well-known/jwks"
          ? jwks
          : undefined;
    const text = JSON.stringify(body ?? { error: "not found" });
    response.writeHead(body ? 200 : 404, { "Content-Type": "application/json" });
    response.end(text);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    issuer,
    url,
    jwks,
    requests,
    mint(claims = {}, options = {}) {
      const now = Math.floor(Date.now() / 1000);
      const start = now + (options.notBefore ?? 0);
      const all: Claims = {
        iss: issuer,
        aud: "sts.amazonaws.com",
        sub: "repo:acme/app:ref:refs/heads/main",
        iat: start,
        nbf: start,
        exp: now + (options.expiresIn ?? 300),
        jti: randomUUID(),
        ...claims,
      };
      const defined = Object.fromEntries(Object.entries(all).filter(([, v]) => v !== undefined));
      const header = { alg: "RS256", typ: "JWT", kid: options.kid ?? kid };
      return sign(options.forge === true ? forger : privateKey, header, defined);
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/**
 * Tells the (patched) emulator where `issuer`'s discovery document is served, since the emulator cannot reach the
 * real https host the tokens name (test/emulator/moto_web_identity_patch.py). Reset by /moto-api/reset.
 */
export async function routeIssuerToEmulator(emulator: EmulatorEndpoint, issuer: OidcIssuer): Promise<void> {
  const response = await fetch(`${emulator.endpoint}/crossrole-test/oidc-issuers`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ issuer: issuer.issuer, discoveryUrl: issuer.url }),
  });
  const text = await response.text();
  if (!response.ok)
    throw new Error(`crossrole emulator: registering ${issuer.issuer} answered ${response.status}: ${text}`);
}
