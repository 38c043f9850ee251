import { CrossroleError, EnvironmentError } from "../../core/errors.js";

/** Options of {@link fetchGithubIdToken}. */
export interface FetchGithubIdTokenOptions {
  /** The audience to request (`build.oidc.audience`). */
  audience: string;
  env: Readonly<Record<string, string | undefined>>;
  /** Give up after this long (default 10 s). */
  timeoutMs?: number | undefined;
  /** Largest answer read (default 64 KiB; GitHub's is about 1.5 KiB). */
  maxBytes?: number | undefined;
}

const DEFAULT_TIMEOUT_MS = 10_000;
const DEFAULT_MAX_BYTES = 64 * 1024;
const ORIGIN = "GitHub Actions' token endpoint (ACTIONS_ID_TOKEN_REQUEST_URL)";

/**
 * Asks GitHub Actions for an OIDC token, as @actions/core's getIDToken does: GET
 * `$ACTIONS_ID_TOKEN_REQUEST_URL&audience=AUDIENCE` with `Authorization: Bearer $ACTIONS_ID_TOKEN_REQUEST_TOKEN`,
 * answer `{"value": JWT}`. Bounded in time and size; the request token is sent only over https (or to a loopback
 * address, for tests and local runners). Neither token is ever in a message.
 * @throws EnvironmentError ID_TOKEN_MISSING (variables unset), ID_TOKEN_FETCH_FAILED (no, slow, huge or non-JSON
 *   answer; exit 5); AwsAuthError-kind ID_TOKEN_REFUSED for 401/403 (exit 3).
 */
export async function fetchGithubIdToken(options: FetchGithubIdTokenOptions): Promise<string> {
  const base = options.env.ACTIONS_ID_TOKEN_REQUEST_URL ?? "";
  const bearer = options.env.ACTIONS_ID_TOKEN_REQUEST_TOKEN ?? "";
  if (base === "" || bearer === "") {
    throw new EnvironmentError(
      "ID_TOKEN_MISSING",
      "this GitHub Actions job cannot request an OIDC token: ACTIONS_ID_TOKEN_REQUEST_URL or ACTIONS_ID_TOKEN_REQUEST_TOKEN is not set.",
      { hint: PERMISSIONS_HINT },
    );
  }
  let url: URL;
  try {
    url = new URL(`${base}${base.includes("?") ? "&" : "?"}audience=${encodeURIComponent(options.audience)}`);
  } catch (error) {
    throw failed("ACTIONS_ID_TOKEN_REQUEST_URL is not a URL", undefined, error);
  }
  if (url.protocol !== "https:" && !(url.protocol === "http:" && isLoopback(url.hostname))) {
    throw failed(
      `ACTIONS_ID_TOKEN_REQUEST_URL is ${url.protocol}//${url.host}, not https: the request token is not sent over it`,
    );
  }
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES;
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), timeoutMs);
  try {
    let response: Response;
    try {
      response = await fetch(url, {
        headers: { Authorization: `Bearer ${bearer}`, Accept: "application/json; api-version=2.0" },
        signal: controller.signal,
        redirect: "error",
      });
    } catch (error) {
      throw controller.signal.aborted
        ? failed(`no answer within ${timeoutMs / 1000} s`)
        : failed("could not be reached", undefined, error);
    }
    const body = await readBounded(response, maxBytes, controller, timeoutMs);
    if (response.status === 401 || response.status === 403) {
      throw new CrossroleError(
        "ID_TOKEN_REFUSED",
        "aws-auth",
        `${ORIGIN} refused the request (HTTP ${response.status}): ACTIONS_ID_TOKEN_REQUEST_TOKEN is not valid for it.`,
        {
          hint: "The request token is the job's own and expires with the job: run crossrole in the job that has `permissions: id-token: write`, with the variables GitHub set (not copied from another job).",
        },
      );
    }
    if (response.status !== 200) throw failed(`answered HTTP ${response.status}`, body);
    let value: unknown;
    try {
      value = (JSON.parse(body) as { value?: unknown } | null)?.value;
    } catch {
      throw failed("answered something that is not JSON", body);
    }
    if (typeof value !== "string" || value === "") throw failed('answered JSON without a "value" token');
    return value;
  } finally {
    clearTimeout(timer);
  }
}

// --- internal ---

const PERMISSIONS_HINT =
  "GitHub sets ACTIONS_ID_TOKEN_REQUEST_URL and ACTIONS_ID_TOKEN_REQUEST_TOKEN only for jobs with `permissions: id-token: write`: add it to the workflow or the job (and `contents: read`, since listing permissions drops the defaults).";

function failed(why: string, body?: string, cause?: unknown): EnvironmentError {
  const looksHtml = body !== undefined && /^\s*</.test(body);
  return new EnvironmentError(
    "ID_TOKEN_FETCH_FAILED",
    `${ORIGIN} ${why}${looksHtml ? " (an HTML page: a proxy or an error page, not the token service)" : ""}.`,
    {
      hint: "Retry the job; if it persists, check that crossrole runs inside the GitHub Actions job (not a container without the runner's network) and that no proxy answers for the runner's services.",
      ...(cause === undefined ? {} : { cause }),
    },
  );
}

/** The body as text, refusing one larger than `maxBytes` or slower than the timeout. */
async function readBounded(
  response: Response,
  maxBytes: number,
  controller: AbortController,
  timeoutMs: number,
): Promise<string> {
  const reader = response.body?.getReader();
  if (reader === undefined) return "";
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.byteLength;
      if (size > maxBytes) {
        controller.abort();
        throw failed(`answered more than ${maxBytes} bytes`);
      }
      chunks.push(value);
    }
  } catch (error) {
    if (error instanceof CrossroleError) throw error;
    throw controller.signal.aborted
      ? failed(`did not finish its answer within ${timeoutMs / 1000} s`)
      : failed("broke off its answer", undefined, error);
  }
  return Buffer.concat(chunks).toString("utf8");
}

function isLoopback(host: string): boolean {
  return host === "localhost" || host === "[::1]" || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);
}
