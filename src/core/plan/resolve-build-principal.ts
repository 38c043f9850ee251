import { IAM_PRINCIPAL_ARN } from "../identifiers/aws-patterns.js";

/** The BUILD principal the trust policies name, resolved to an ARN. */
export interface ResolvedBuildPrincipal {
  partition: "aws" | "aws-cn" | "aws-us-gov";
  arn: string;
  kind: "user" | "role" | "root";
  /** Name without path; undefined for root. */
  name?: string;
  /** IAM path, `/` when none (and for root). */
  path: string;
}

/**
 * Resolves the spec's `build.principal` to an ARN in the BUILD account.
 *
 * @example
 * resolveBuildPrincipal("user/ci-builder", "222222222222", "aws").arn // "arn:aws:iam::222222222222:user/ci-builder"
 * resolveBuildPrincipal("role/ci/Builder", "222222222222", "aws").arn // "arn:aws:iam::222222222222:role/ci/Builder"
 * resolveBuildPrincipal("root", "222222222222", "aws").arn            // "arn:aws:iam::222222222222:root"
 *
 * A full user or role ARN is kept as is, with its own partition (the schema accepts nothing else).
 */
export function resolveBuildPrincipal(
  principal: string,
  account: string,
  partition: ResolvedBuildPrincipal["partition"],
): ResolvedBuildPrincipal {
  if (principal === "root")
    return { partition, arn: `arn:${partition}:iam::${account}:root`, kind: "root", path: "/" };
  const full = IAM_PRINCIPAL_ARN.exec(principal);
  if (full) {
    const arnPartition = full[1] as ResolvedBuildPrincipal["partition"];
    return { partition: arnPartition, arn: principal, ...splitKindAndPath(`${full[3]}/${full[4]}`) };
  }
  const parts = splitKindAndPath(principal);
  return { partition, arn: `arn:${partition}:iam::${account}:${principal}`, ...parts };
}

// --- internal ---

/** `user/NAME` or `role/a/b/NAME` → kind, path (`/a/b/`) and name. */
function splitKindAndPath(short: string): Pick<ResolvedBuildPrincipal, "kind" | "name" | "path"> {
  const kind = short.startsWith("user/") ? "user" : "role";
  const rest = short.slice(kind.length + 1);
  const cut = rest.lastIndexOf("/");
  return { kind, name: rest.slice(cut + 1), path: cut < 0 ? "/" : `/${rest.slice(0, cut + 1)}` };
}
