import { EnvironmentError } from "../errors.js";
import { sanitizeSessionName } from "./derive-session-name.js";

/** The claims crossrole reads from a CI token (unverified: AWS verifies the token; these only name and key). */
export interface WebIdentityClaims {
  iss: string;
  sub: string;
  /** `aud` as one string (the first, when the token lists several). */
  aud: string;
  /** Every other string or number claim, as text (repository, ref, run_id, project_path, pipeline_id, …). */
  other: Readonly<Record<string, string>>;
}

/** Longest token crossrole accepts (GitHub's are about 1 KiB, GitLab's 1-2 KiB; AWS's limit is 20,000). */
export const MAX_ID_TOKEN_CHARS = 20_000;

/**
 * Reads the claims of a JWT's payload WITHOUT verifying it (AWS does, at AssumeRoleWithWebIdentity). Pure.
 * @throws EnvironmentError ID_TOKEN_INVALID when the text is not a JWT with iss, sub and aud; the message says
 *   where the token came from, never the token.
 */
export function readTokenClaims(token: string, origin: string): WebIdentityClaims {
  const invalid = (why: string) =>
    new EnvironmentError("ID_TOKEN_INVALID", `the OIDC token from ${origin} ${why}.`, {
      hint: "It must be the JWT the CI issued for this job (three base64url parts separated by dots), unquoted and complete.",
    });
  if (token.length > MAX_ID_TOKEN_CHARS) throw invalid(`is longer than ${MAX_ID_TOKEN_CHARS} characters`);
  const parts = token.split(".");
  if (parts.length !== 3 || !parts.every((p) => /^[A-Za-z0-9_-]+$/.test(p))) {
    throw invalid("is not a JWT");
  }
  let payload: unknown;
  try {
    payload = JSON.parse(decodeBase64Url(parts[1] as string));
  } catch {
    throw invalid("has a payload that is not JSON");
  }
  if (typeof payload !== "object" || payload === null || Array.isArray(payload)) {
    throw invalid("has a payload that is not a JSON object");
  }
  const record = payload as Record<string, unknown>;
  const aud = Array.isArray(record.aud) ? record.aud[0] : record.aud;
  if (typeof record.iss !== "string" || typeof record.sub !== "string" || typeof aud !== "string") {
    throw invalid("lacks one of the iss, sub and aud claims");
  }
  const other: Record<string, string> = {};
  for (const [key, value] of Object.entries(record)) {
    if (typeof value === "string" || typeof value === "number") other[key] = String(value);
  }
  return { iss: record.iss, sub: record.sub, aud, other };
}

/**
 * The RoleSessionName of the BUILD hop, from the token's claims, so the BUILD account's CloudTrail (and the target's,
 * which shows the BUILD session as the caller) says which workflow acted: `REPOSITORY@REF-rRUN` (GitHub:
 * repository, ref without refs/heads/ or refs/tags/, run_id and run_attempt > 1; GitLab: project_path, ref,
 * pipeline_id), else the subject. Always a valid session name (2..64 of `[\w+=,.@-]`); when too long,
 * `REPOSITORY@REF` is shortened at its end, never the run number.
 */
export function webIdentitySessionName(claims: WebIdentityClaims): string {
  const c = claims.other;
  const project = c.repository ?? c.project_path;
  if (project === undefined) return sanitizeSessionName(claims.sub);
  const ref = (c.ref ?? "").replace(/^refs\/(heads|tags)\//, "");
  const run = c.run_id ?? c.pipeline_id;
  const attempt = c.run_attempt !== undefined && c.run_attempt !== "1" ? `.${c.run_attempt}` : "";
  const tail = run === undefined ? "" : `-r${run}${attempt}`;
  const repository = project.replace(/\//g, ".");
  const head = ref === "" ? repository : `${repository}@${ref}`;
  const cleanTail = tail === "" ? "" : sanitizeSessionName(tail);
  const room = 64 - cleanTail.length - (cleanTail === "" ? 0 : 1);
  let cleanHead = head
    .replace(/[^\w+=,.@-]+/g, "-")
    .replace(/-{2,}/g, "-")
    .replace(/^-+/, "");
  if (cleanHead.length > room) cleanHead = cleanHead.slice(0, room);
  cleanHead = cleanHead.replace(/[-.@]+$/, "");
  return sanitizeSessionName(cleanTail === "" ? cleanHead : `${cleanHead}-${cleanTail}`);
}

// --- internal ---

function decodeBase64Url(text: string): string {
  const base64 = text.replace(/-/g, "+").replace(/_/g, "/");
  const binary = atob(base64 + "=".repeat((4 - (base64.length % 4)) % 4));
  const bytes = Uint8Array.from(binary, (ch) => ch.charCodeAt(0));
  return new TextDecoder("utf-8", { fatal: true }).decode(bytes);
}
