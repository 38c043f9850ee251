import { EnvironmentError, UsageError } from "../errors.js";
import type { KeylessBuild } from "../plan/keyless-build.js";

/** Where a keyless build's OIDC token comes from. Never holds the token. */
export type CiTokenSource =
  /** An environment variable holding the token (GitLab CI `id_tokens`, or any CI that exports one). */
  | { kind: "variable"; name: string }
  /** GitHub Actions' token endpoint (`ACTIONS_ID_TOKEN_REQUEST_URL` + `ACTIONS_ID_TOKEN_REQUEST_TOKEN`). */
  | { kind: "github"; audience: string };

/** What the caller asked for explicitly. */
export interface CiTokenSourceRequest {
  /** `--source-profile` / `--profile`: an explicit source, never replaced. */
  sourceProfile?: string | undefined;
  /** `--id-token-variable NAME`: read the token from this variable (it must be set). */
  tokenVariable?: string | undefined;
}

/**
 * Whether the BUILD hop of a keyless spec takes a CI token, and from where. Pure. Undefined (the SDK's own chain
 * then runs, as without oidc) when the target has no `build.oidc`, or when another source is explicit: a
 * `--source-profile`, keys, a profile or the SDK's web identity convention in the environment. Otherwise: the
 * token variable (flag, else spec, else CROSSROLE_ID_TOKEN) when set, else GitHub's endpoint when its variables
 * are there. A GitHub job without them (no `permissions: id-token: write`) and nothing else is told so.
 */
export function selectCiTokenSource(
  env: Readonly<Record<string, string | undefined>>,
  keyless: KeylessBuild | undefined,
  request: CiTokenSourceRequest = {},
): CiTokenSource | undefined {
  const set = (name: string) => (env[name] ?? "") !== "";
  if (request.tokenVariable !== undefined) {
    if (keyless === undefined) {
      throw new UsageError(
        "--id-token-variable needs a spec target with build.oidc (it names the BUILD role and the token's audience).",
      );
    }
    if (!set(request.tokenVariable)) {
      throw new EnvironmentError(
        "ID_TOKEN_MISSING",
        `--id-token-variable ${request.tokenVariable}: the variable is not set in this job.`,
        {
          hint: `In GitLab CI declare it: id_tokens: { ${request.tokenVariable}: { aud: ${keyless.audience} } }.`,
        },
      );
    }
    return { kind: "variable", name: request.tokenVariable };
  }
  if (keyless === undefined || request.sourceProfile !== undefined) return undefined;
  if (
    set("AWS_ACCESS_KEY_ID") ||
    set("AWS_PROFILE") ||
    set("AWS_WEB_IDENTITY_TOKEN_FILE") ||
    set("AWS_CONTAINER_CREDENTIALS_FULL_URI") ||
    set("AWS_CONTAINER_CREDENTIALS_RELATIVE_URI")
  ) {
    return undefined;
  }
  if (set(keyless.tokenVariable)) return { kind: "variable", name: keyless.tokenVariable };
  const url = set("ACTIONS_ID_TOKEN_REQUEST_URL");
  const token = set("ACTIONS_ID_TOKEN_REQUEST_TOKEN");
  if (url && token) return { kind: "github", audience: keyless.audience };
  if (url || token || env.GITHUB_ACTIONS === "true") {
    throw new EnvironmentError(
      "ID_TOKEN_MISSING",
      `this GitHub Actions job cannot request an OIDC token: ${url ? "ACTIONS_ID_TOKEN_REQUEST_TOKEN" : "ACTIONS_ID_TOKEN_REQUEST_URL"} is not set.`,
      {
        hint: "GitHub sets ACTIONS_ID_TOKEN_REQUEST_URL and ACTIONS_ID_TOKEN_REQUEST_TOKEN only for jobs with `permissions: id-token: write`: add it to the workflow or the job (and `contents: read`, since listing permissions drops the defaults).",
      },
    );
  }
  if (env.GITLAB_CI === "true") {
    throw new EnvironmentError(
      "ID_TOKEN_MISSING",
      `this GitLab CI job has no OIDC token in ${keyless.tokenVariable}.`,
      {
        hint: `Declare it in the job: id_tokens: { ${keyless.tokenVariable}: { aud: ${keyless.audience} } } (or name another variable with build.oidc.tokenVariable or --id-token-variable).`,
      },
    );
  }
  return undefined;
}
