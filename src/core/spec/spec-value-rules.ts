import { IAM_NAME, IAM_PATH, IAM_PATH_MAX, S3_BUCKET } from "../identifiers/aws-patterns.js";

/**
 * Value rules of the spec schema that are more than one pattern, free of zod so that the schema
 * (`spec-schema.ts`) and the light reader of the assume fast path (`parse-spec-lightly.ts`) apply the same ones.
 */

/** `user/NAME` or `role/NAME`, a path allowed before NAME: `role/ci/NAME`. */
export function isShortPrincipal(value: string): boolean {
  const m = /^(user|role)\/(.+)$/.exec(value);
  if (!m?.[2]) return false;
  return isPathAndName(`/${m[2]}`);
}

/** A role name, optionally after a path: `/ci/RoleName`. */
export function isRoleRef(value: string): boolean {
  return value.startsWith("/") ? isPathAndName(value) : IAM_NAME.test(value);
}

/** `bucket/prefix/`: a bucket name, a slash, then a key prefix ending in "/" (or nothing: the whole bucket). */
export function isS3Location(value: string): boolean {
  const cut = value.indexOf("/");
  if (cut < 0) return false;
  const bucket = value.slice(0, cut);
  const prefix = value.slice(cut + 1);
  return (
    S3_BUCKET.test(bucket) &&
    (prefix === "" || (prefix.endsWith("/") && !prefix.includes("*") && !prefix.startsWith("/")))
  );
}

/** The name of one account of a multi-account target in plans and `--target`: `GROUP-ACCOUNT`. */
export function fleetMemberName(group: string, account: string): string {
  return `${group}-${account}`;
}

// --- internal ---

function isPathAndName(value: string): boolean {
  const cut = value.lastIndexOf("/");
  const path = value.slice(0, cut + 1);
  const name = value.slice(cut + 1);
  return IAM_PATH.test(path) && path.length <= IAM_PATH_MAX && IAM_NAME.test(name);
}
