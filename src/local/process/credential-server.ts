import { createHash, randomBytes, timingSafeEqual } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import { isIP } from "node:net";
import { CrossroleError, EnvironmentError } from "../../core/errors.js";
import { formatExpiration } from "../../core/session/format-expiration.js";

/** Credentials as the endpoint serves them. */
export interface ServedCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken: string;
  expiration: Date;
  /** The role assumed (`RoleArn` in the response, as the ECS agent sends it). */
  roleArn?: string | undefined;
}

/** Options of {@link startCredentialServer}. */
export interface CredentialServerOptions {
  /** The exact value clients must send as the `Authorization` header (AWS_CONTAINER_AUTHORIZATION_TOKEN). */
  token: string;
  /** The credentials to answer with; called for every authorised request. A rejection becomes a 503. */
  credentials: () => Promise<ServedCredentials>;
  /** Address to listen on (default 127.0.0.1). An IP literal or `localhost`. */
  host?: string | undefined;
  /** Port (default 0: a free one). */
  port?: number | undefined;
  /** Called once per request after it was answered (status only; never secrets). */
  onRequest?: ((status: number) => void) | undefined;
}

/** A running endpoint. */
export interface CredentialServer {
  /** AWS_CONTAINER_CREDENTIALS_FULL_URI: `http://HOST:PORT/credentials` (a wildcard bind is shown as loopback). */
  readonly url: string;
  readonly host: string;
  readonly port: number;
  /** Stop listening and drop open (keep-alive) connections. */
  close(): Promise<void>;
}

/** The one path credentials are served on; every other path is 404 (after the token check). */
export const CREDENTIALS_PATH = "/credentials";

/** Random bytes in a token: 32 (256 bits), as base64url, 43 characters. */
export const TOKEN_BYTES = 32;

/** A new random bearer token: {@link TOKEN_BYTES} bytes from the CSPRNG, base64url (no padding). */
export function createBearerToken(): string {
  return randomBytes(TOKEN_BYTES).toString("base64url");
}

/**
 * The JSON body the container credentials providers parse: `AccessKeyId`, `SecretAccessKey`, `Token`, `Expiration`
 * (RFC 3339, UTC, whole seconds: `2026-01-02T03:04:05Z`), plus `RoleArn` and, when the role ARN names one,
 * `AccountId`. Verified against the JS SDK v3 (`@aws-sdk/credential-provider-http` fromHttp: all four strings
 * required, Expiration parsed by `parseRfc3339DateTime`; `@smithy/credential-provider-imds` fromContainerMetadata:
 * same four, `AccountId` optional) and botocore 1.43 (`ContainerProvider._create_fetcher`: `AccessKeyId`,
 * `SecretAccessKey`, `Token`, `Expiration`, optional `AccountId`).
 */
export function renderContainerCredentials(credentials: ServedCredentials): string {
  const accountId =
    credentials.roleArn === undefined
      ? undefined
      : /^arn:[\w-]+:iam::(\d{12}):/.exec(credentials.roleArn)?.[1];
  return JSON.stringify({
    AccessKeyId: credentials.accessKeyId,
    SecretAccessKey: credentials.secretAccessKey,
    Token: credentials.sessionToken,
    Expiration: formatExpiration(credentials.expiration),
    ...(credentials.roleArn === undefined ? {} : { RoleArn: credentials.roleArn }),
    ...(accountId === undefined ? {} : { AccountId: accountId }),
  });
}

/**
 * True when `presented` equals `expected`, in time independent of where they differ and of their lengths (both are
 * hashed with SHA-256 first, then compared with crypto.timingSafeEqual).
 */
export function tokenMatches(presented: string, expected: string): boolean {
  const a = createHash("sha256").update(presented, "utf8").digest();
  const b = createHash("sha256").update(expected, "utf8").digest();
  return timingSafeEqual(a, b);
}

/** True for 127.0.0.0/8, ::1, ::ffff:127.x.y.z and `localhost`. */
export function isLoopbackHost(host: string): boolean {
  const h = host.replace(/^\[(.*)\]$/, "$1").toLowerCase();
  if (h === "localhost" || h === "::1" || h === "0:0:0:0:0:0:0:1") return true;
  const v4 = h.startsWith("::ffff:") ? h.slice(7) : h;
  return isIP(v4) === 4 && v4.startsWith("127.");
}

/**
 * Starts the container-credentials endpoint (the protocol of AWS_CONTAINER_CREDENTIALS_FULL_URI +
 * AWS_CONTAINER_AUTHORIZATION_TOKEN) on `host:port` (default 127.0.0.1, a free port). Per request:
 * - no `Authorization` header → 401; a different value → 403 (compared in constant time); no credentials either way;
 * - then: a path other than {@link CREDENTIALS_PATH} → 404; a method other than GET/HEAD → 405;
 * - else 200 with {@link renderContainerCredentials}, `Cache-Control: no-store`; 503 when `credentials()` rejects.
 * Error bodies are `{"Code","Message"}` (the JS SDK surfaces them). Nothing is written to disk or logged.
 * Throws an EnvironmentError when the address cannot be bound.
 */
export async function startCredentialServer(options: CredentialServerOptions): Promise<CredentialServer> {
  if (options.token.length < 16 || /[\r\n]/.test(options.token)) {
    throw new EnvironmentError(
      "WEAK_TOKEN",
      "the endpoint's bearer token must be 16+ characters on one line.",
    );
  }
  const host = options.host ?? "127.0.0.1";
  const server = createServer((request, response) => {
    handle(request, response, options).then(
      (status) => options.onRequest?.(status),
      () => {
        if (!response.headersSent) reply(response, 500, error("InternalError", "unexpected error"));
        else response.destroy();
      },
    );
  });
  server.keepAliveTimeout = 5_000;
  server.headersTimeout = 10_000;
  server.requestTimeout = 15_000;
  server.maxHeadersCount = 50;
  await new Promise<void>((resolve, reject) => {
    const onError = (cause: NodeJS.ErrnoException) => {
      reject(
        new EnvironmentError(
          "BIND_FAILED",
          `cannot listen on ${host}:${options.port ?? 0}: ${cause.code ?? cause.message}`,
          {
            hint:
              cause.code === "EADDRINUSE"
                ? "Another process uses that port: pick another --port, or leave it out for a free one."
                : "Pass an address of this machine to --bind (an IP literal), e.g. 127.0.0.1.",
            cause,
          },
        ),
      );
    };
    server.once("error", onError);
    server.listen({ host, port: options.port ?? 0, exclusive: true }, () => {
      server.off("error", onError);
      resolve();
    });
  });
  const address = server.address();
  const port = typeof address === "object" && address !== null ? address.port : (options.port ?? 0);
  const urlHost =
    host === "0.0.0.0" ? "127.0.0.1" : host === "::" ? "[::1]" : isIP(host) === 6 ? `[${host}]` : host;
  let closing: Promise<void> | undefined;
  return {
    url: `http://${urlHost}:${port}${CREDENTIALS_PATH}`,
    host,
    port,
    close() {
      closing ??= new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      return closing;
    },
  };
}

// --- internal ---

async function handle(
  request: IncomingMessage,
  response: ServerResponse,
  options: CredentialServerOptions,
): Promise<number> {
  const presented = request.headers.authorization;
  if (presented === undefined || presented === "") {
    return reply(response, 401, error("Unauthorized", "missing Authorization header"), {
      "WWW-Authenticate": "Bearer",
    });
  }
  if (!tokenMatches(presented, options.token)) {
    return reply(response, 403, error("Forbidden", "wrong authorization token"));
  }
  const path = (request.url ?? "/").split("?")[0];
  if (path !== CREDENTIALS_PATH) {
    return reply(response, 404, error("NotFound", `credentials are served at ${CREDENTIALS_PATH}`));
  }
  if (request.method !== "GET" && request.method !== "HEAD") {
    return reply(response, 405, error("MethodNotAllowed", "use GET"), { Allow: "GET, HEAD" });
  }
  let body: string;
  try {
    body = renderContainerCredentials(await options.credentials());
  } catch (cause) {
    const message =
      cause instanceof CrossroleError ? cause.message : "credentials are unavailable; see crossrole's log";
    return reply(response, 503, error("CredentialsUnavailable", message), { "Retry-After": "1" });
  }
  return reply(response, 200, request.method === "HEAD" ? "" : body);
}

function error(code: string, message: string): string {
  return JSON.stringify({ Code: code, Message: message });
}

function reply(
  response: ServerResponse,
  status: number,
  body: string,
  headers: Record<string, string> = {},
): number {
  response.writeHead(status, {
    "Content-Type": "application/json",
    "Cache-Control": "no-store",
    "Content-Length": Buffer.byteLength(body),
    ...headers,
  });
  response.end(body);
  return status;
}
