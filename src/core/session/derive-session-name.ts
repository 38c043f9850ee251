/**
 * The RoleSessionName crossrole sends when the user gives none. It appears in the assumed-role ARN and in the
 * target account's CloudTrail, so it should say which build made the call: the CI's project and job/run number,
 * else `user@host`. Always valid for STS (R4: 2..64 characters of `[\w+=,.@-]`).
 */

/** Where the fallback name comes from when no CI is detected. */
export interface SessionNameFallback {
  user: string;
  host: string;
}

/** Which CI system a session name was derived from (`local` when none). */
export type SessionNameSource = "gitlab" | "github" | "jenkins" | "buildkite" | "local";

export interface DerivedSessionName {
  name: string;
  source: SessionNameSource;
}

/** Longest RoleSessionName STS accepts (R4). */
export const SESSION_NAME_MAX = 64;

/**
 * Derives a RoleSessionName from CI metadata in `env` (pure: the environment is passed in).
 * GitLab `CI_PROJECT_PATH` + `CI_JOB_ID`; GitHub `GITHUB_REPOSITORY` + `GITHUB_RUN_ID` (+ `GITHUB_RUN_ATTEMPT`
 * when > 1); Jenkins `JOB_NAME` + `BUILD_NUMBER`; Buildkite `BUILDKITE_PIPELINE_SLUG` + `BUILDKITE_BUILD_NUMBER`;
 * else `user@host` (short host name). Characters outside `[\w+=,.@-]` become `-`; when too long, the head is cut
 * so that the distinguishing tail (job/run number) survives.
 */
export function deriveSessionName(
  env: Readonly<Record<string, string | undefined>>,
  fallback: SessionNameFallback,
): DerivedSessionName {
  const ci = detectCi(env);
  if (ci !== undefined) return { name: sanitizeSessionName(ci.parts.join("-")), source: ci.source };
  const host = fallback.host.split(".")[0] ?? "";
  const raw = host === "" ? fallback.user : `${fallback.user}@${host}`;
  return { name: sanitizeSessionName(raw), source: "local" };
}

/**
 * Makes any text a valid RoleSessionName: invalid characters → `-` (runs collapsed), leading/trailing `-`
 * trimmed, at most 64 characters keeping the END (where job numbers are), at least 2 (padded with `crossrole`).
 */
export function sanitizeSessionName(raw: string): string {
  let name = raw
    .replace(/[^\w+=,.@-]+/g, "-")
    .replace(/-{2,}/g, "-")
    .replace(/^-+|-+$/g, "");
  if (name.length > SESSION_NAME_MAX) {
    name = name.slice(name.length - SESSION_NAME_MAX).replace(/^[-.]+/, "");
  }
  if (name.length < 2) name = name === "" ? "crossrole" : `crossrole-${name}`;
  return name;
}

// --- internal ---

interface DetectedCi {
  source: Exclude<SessionNameSource, "local">;
  parts: string[];
}

function detectCi(env: Readonly<Record<string, string | undefined>>): DetectedCi | undefined {
  const v = (name: string): string | undefined => {
    const value = env[name]?.trim();
    return value === undefined || value === "" ? undefined : value;
  };
  const gitlabProject = v("CI_PROJECT_PATH");
  const gitlabJob = v("CI_JOB_ID");
  if (gitlabProject !== undefined && gitlabJob !== undefined) {
    return { source: "gitlab", parts: [gitlabProject, gitlabJob] };
  }
  const githubRepo = v("GITHUB_REPOSITORY");
  const githubRun = v("GITHUB_RUN_ID");
  if (githubRepo !== undefined && githubRun !== undefined) {
    const attempt = v("GITHUB_RUN_ATTEMPT");
    const parts = [githubRepo, githubRun];
    if (attempt !== undefined && attempt !== "1") parts.push(attempt);
    return { source: "github", parts };
  }
  const jenkinsJob = v("JOB_NAME");
  const jenkinsBuild = v("BUILD_NUMBER");
  if (jenkinsJob !== undefined && jenkinsBuild !== undefined) {
    return { source: "jenkins", parts: [jenkinsJob, jenkinsBuild] };
  }
  const bkPipeline = v("BUILDKITE_PIPELINE_SLUG");
  const bkBuild = v("BUILDKITE_BUILD_NUMBER");
  if (bkPipeline !== undefined && bkBuild !== undefined) {
    return { source: "buildkite", parts: [bkPipeline, bkBuild] };
  }
  return undefined;
}
