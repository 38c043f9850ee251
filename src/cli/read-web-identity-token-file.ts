import { EnvironmentError } from "../core/errors.js";
import { WEB_IDENTITY_TOKEN_FILE } from "../local/fs/check-aws-shared-files.js";
import { readLocalFile } from "../local/fs/read-local-file.js";

/**
 * The CI job's web identity token from AWS_WEB_IDENTITY_TOKEN_FILE (the SDKs' own convention), for `verify`;
 * undefined when the variable is not set. Read with the token file's rules (a regular file, at most 1 MiB). The
 * token is a credential: it is only handed to the probes, never printed; messages name the variable, not the value.
 */
export function readWebIdentityTokenFile(
  env: Readonly<Record<string, string | undefined>>,
): { token: string; source: string } | undefined {
  const path = env.AWS_WEB_IDENTITY_TOKEN_FILE;
  if (path === undefined || path === "") return undefined;
  const bytes = readLocalFile(path, WEB_IDENTITY_TOKEN_FILE);
  const token = bytes?.toString("utf8").trim() ?? "";
  if (token === "") {
    throw new EnvironmentError(
      "LOCAL_FILE_UNREADABLE",
      `AWS_WEB_IDENTITY_TOKEN_FILE (${path}) ${bytes === undefined ? "does not exist" : "is empty"}: verify has no web identity token to prove the BUILD hop with.`,
      {
        hint: "Write the CI platform's OIDC token to that file first, or unset AWS_WEB_IDENTITY_TOKEN_FILE.",
      },
    );
  }
  return { token, source: "the token in AWS_WEB_IDENTITY_TOKEN_FILE" };
}
