import { oneLine } from "./one-line.js";

/**
 * What a failed AWS SDK call actually got back, told apart the one way every adapter and probe uses:
 * - `aws`: the service answered with an error it named in a body that parsed (`AccessDenied`, `Throttling`, ...);
 * - `http`: an HTTP answer that is not an AWS error: a bare 5xx, a proxy's HTML page, a 404, a body that does not
 *   parse, or one cut off before its end;
 * - `network`: no answer at all (connection reset or refused, timeout, name resolution).
 * Only an `aws` failure says anything about permissions: a 403 that is not an AWS error proves nothing.
 */
export interface SdkFailure {
  kind: "aws" | "http" | "network";
  /** The AWS error code (`aws`), `HTTP <status>` (`http`), or the socket error code (`network`). */
  code: string;
  /** The HTTP status, when an answer came. */
  status?: number;
  /** How many attempts the SDK made (its retries included), when it says. */
  attempts?: number;
  /** One line for people: the service's message, or what came back instead. Never the SDK's own hints. */
  summary: string;
}

/** Classifies an error thrown by an SDK client's `send` (see {@link SdkFailure}). */
export function describeSdkFailure(error: unknown): SdkFailure {
  const e = (error ?? {}) as {
    name?: string;
    code?: string;
    message?: string;
    $metadata?: { httpStatusCode?: number; attempts?: number };
    $response?: { statusCode?: number; reason?: string; headers?: Record<string, string | undefined> };
  };
  const name = e.name ?? "Error";
  const message = oneLine(stripSdkHints(e.message ?? String(error)));
  const status = e.$metadata?.httpStatusCode ?? e.$response?.statusCode;
  const attempts = e.$metadata?.attempts;
  const base = {
    ...(status === undefined ? {} : { status }),
    ...(attempts === undefined ? {} : { attempts }),
  };
  const socketCode = typeof e.code === "string" && /^E[A-Z_]+$/.test(e.code) ? e.code : undefined;

  if (status !== undefined && /^aborted\b/.test(e.message ?? "")) {
    return {
      kind: "http",
      code: `HTTP ${status}`,
      ...base,
      summary: "the answer was cut off before its end",
    };
  }
  if (status === undefined && (socketCode !== undefined || NETWORK_NAMES.test(name))) {
    return {
      kind: "network",
      code: socketCode ?? name,
      ...base,
      summary: socketCode === undefined ? message : `${SOCKET_TEXT[socketCode] ?? message} (${socketCode})`,
    };
  }
  if (status === undefined) return { kind: "network", code: name, ...base, summary: message };
  const unparsed =
    SYNTHESIZED_NAMES.has(name) ||
    /Deserialization error|XML parse error/.test(e.message ?? "") ||
    e.message === "UnknownError";
  if (unparsed) {
    const type = e.$response?.headers?.["content-type"] ?? e.$response?.headers?.["Content-Type"];
    const what = /html/i.test(type ?? "")
      ? "an HTML page, not an AWS answer (a proxy in between?)"
      : status >= 500
        ? `${e.$response?.reason ?? REASONS[status] ?? "server error"}, not an AWS error body`
        : "a body that is not an AWS answer";
    return { kind: "http", code: `HTTP ${status}`, ...base, summary: what };
  }
  return { kind: "aws", code: name, ...base, summary: message };
}

/** True only for an access-denied error AWS itself sent (a parsed AWS error), never for a bare HTTP 403. */
export function isAwsAccessDenied(error: unknown): boolean {
  const failure = describeSdkFailure(error);
  return failure.kind === "aws" && ACCESS_DENIED.test(failure.code);
}

// --- internal ---

const ACCESS_DENIED = /^(AccessDenied|AccessDeniedException|UnauthorizedOperation|UnauthorizedAccess)$/;

/** Names the SDK makes up when the body named no error (or did not parse). */
const SYNTHESIZED_NAMES = new Set([
  "Error",
  "SyntaxError",
  "Unknown",
  "UnknownError",
  "NotFound",
  "Forbidden",
]);

const NETWORK_NAMES = /^(TimeoutError|RequestTimeout|AbortError|NetworkingError)$/;

const SOCKET_TEXT: Record<string, string> = {
  ECONNRESET: "the connection was reset",
  ECONNREFUSED: "the connection was refused",
  EPIPE: "the connection was closed while sending",
  ETIMEDOUT: "the connection timed out",
  ENOTFOUND: "the host name does not resolve",
  EAI_AGAIN: "the host name could not be resolved (DNS)",
};

const REASONS: Record<number, string> = {
  500: "Internal Server Error",
  502: "Bad Gateway",
  503: "Service Unavailable",
  504: "Gateway Timeout",
};

/** Drops the SDK's advice to developers ("Deserialization error: to see the raw response, ..."). */
function stripSdkHints(text: string): string {
  return text.replace(/\s*Deserialization error:[\s\S]*$/, "");
}
