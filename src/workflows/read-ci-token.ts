import type { CiTokenSource } from "../core/session/ci-token-source.js";
import {
  readTokenClaims,
  type WebIdentityClaims,
  webIdentitySessionName,
} from "../core/session/web-identity-claims.js";
import { digestCiTokenBinding } from "../local/cache/digest-caller-secrets.js";

/** A CI token, read once, with what the cache key and the BUILD hop need. */
export interface CiToken {
  /** The JWT. Never logged, printed, put in argv or written to the cache. */
  token: string;
  /** Its claims, unverified (AWS verifies). */
  claims: WebIdentityClaims;
  /** Where it came from, for messages: `GitHub Actions' token endpoint`, `$CI_JOB_JWT_V2`. */
  origin: string;
  /** The BUILD hop's RoleSessionName, from the claims. */
  sessionName: string;
  /** A keyed digest binding a cache entry to this job's token source (see digestCiTokenBinding). */
  binding: string;
  /** A token for the next BUILD hop: this one first, then a fresh one from the same source (serve's refreshes). */
  next: () => Promise<string>;
}

/** Reads the token `source` names (fetching it from GitHub's endpoint, or from the variable). */
export async function readCiToken(
  source: CiTokenSource,
  env: Readonly<Record<string, string | undefined>>,
): Promise<CiToken> {
  const fetchOne = async (): Promise<string> => {
    if (source.kind === "variable") return (env[source.name] ?? "").trim();
    const { fetchGithubIdToken } = await import("../local/ci/fetch-github-id-token.js");
    return fetchGithubIdToken({ audience: source.audience, env });
  };
  const origin = source.kind === "variable" ? `$${source.name}` : "GitHub Actions' token endpoint";
  const token = await fetchOne();
  const claims = readTokenClaims(token, origin);
  const binding = digestCiTokenBinding(
    source.kind === "variable"
      ? ["variable", token]
      : ["github", env.ACTIONS_ID_TOKEN_REQUEST_URL ?? "", env.ACTIONS_ID_TOKEN_REQUEST_TOKEN ?? ""],
  );
  let first: string | undefined = token;
  return {
    token,
    claims,
    origin,
    sessionName: webIdentitySessionName(claims),
    binding,
    next: async () => {
      if (first !== undefined) {
        const t = first;
        first = undefined;
        return t;
      }
      return fetchOne();
    },
  };
}
