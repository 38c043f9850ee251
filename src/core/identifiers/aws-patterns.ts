/**
 * AWS identifier formats, as documented (see ../shared/reference/aws-rules.md, R1, R4, R12, R13).
 * Kept in one place so the spec schema, the lint and the CLI flag validation agree.
 */

/** 12-digit AWS account ID. */
export const ACCOUNT_ID = /^\d{12}$/;

/** ExternalId: 2..1224 characters of `[\w+=,.@:/-]` (R1). */
export const EXTERNAL_ID = /^[\w+=,.@:/-]{2,1224}$/;
export const EXTERNAL_ID_CHARSET = "letters, digits and _ + = , . @ : / -";

/** IAM role or user name: 1..64 characters of `[\w+=,.@-]` (R12). */
export const IAM_NAME = /^[\w+=,.@-]{1,64}$/;

/** IAM path: `/` or `/a/b/`, at most 512 characters of printable ASCII (R12). */
export const IAM_PATH = /^\/(?:[\u0021-\u007E]*\/)?$/;
export const IAM_PATH_MAX = 512;

/** RoleSessionName and SourceIdentity: 2..64 characters of `[\w+=,.@-]` (R4, R5). */
export const SESSION_NAME = /^[\w+=,.@-]{2,64}$/;

/** AWS region such as eu-west-1, us-gov-west-1, cn-north-1. */
export const REGION = /^[a-z]{2}(?:-[a-z]+)+-\d{1,2}$/;

/** ECR repository name, optionally namespaced (`team/app`). 2..256 characters. */
export const ECR_REPOSITORY =
  /^(?=.{2,256}$)(?:[a-z0-9]+(?:[._-][a-z0-9]+)*\/)*[a-z0-9]+(?:[._-][a-z0-9]+)*$/;

/** S3 bucket name (general-purpose buckets): 3..63 lowercase letters, digits, dots and hyphens. */
export const S3_BUCKET = /^(?=.{3,63}$)[a-z0-9][a-z0-9.-]*[a-z0-9]$/;

/**
 * What a raw statement's Resource / NotResource may name: `*`, or an ARN of the shape
 * arn:PARTITION:SERVICE:REGION:ACCOUNT:RESOURCE, where wildcards (`*`, `?`) may stand anywhere and region and
 * account may hold policy variables (`${aws:PrincipalAccount}`) or be empty (`arn:aws:s3:::bucket/*`). Linear: every
 * repetition is followed by a character it cannot match.
 */
export const RESOURCE_ARN =
  /^(?:\*|arn:(?:[a-z][a-z0-9-]*|\*):[a-z0-9*?-]+:(?:[a-z0-9*?-]|\$\{[^}]*\})*:(?:[a-z0-9*?]|\$\{[^}]*\})*:.+)$/;

/** An IAM action such as `ecr:PutImage`, `s3:Get*` or `*`. */
export const IAM_ACTION = /^(?:\*|[a-z0-9-]+:[A-Za-z0-9*?]+)$/;

/** A managed policy ARN (AWS-managed or customer-managed). */
export const MANAGED_POLICY_ARN =
  /^arn:aws(?:-cn|-us-gov)?:iam::(?:aws|\d{12}):policy\/(?:[\u0021-\u007E]*\/)?[\w+=,.@-]{1,128}$/;

/** An IAM user or role ARN, with optional path. Groups 1: partition, 2: account, 3: kind, 4: path+name. */
export const IAM_PRINCIPAL_ARN =
  /^arn:(aws|aws-cn|aws-us-gov):iam::(\d{12}):(user|role)\/((?:[\u0021-\u007E]*\/)?[\w+=,.@-]{1,64})$/;

/** A KMS key ARN. */
export const KMS_KEY_ARN = /^arn:aws(?:-cn|-us-gov)?:kms:[a-z0-9-]+:\d{12}:key\/[A-Za-z0-9-]+$/;

/** Tag key and value (IAM tags and session tags). */
export const TAG_KEY = /^[\p{L}\p{Z}\p{N}_.:/=+\-@]{1,128}$/u;
export const TAG_VALUE = /^[\p{L}\p{Z}\p{N}_.:/=+\-@]{0,256}$/u;

/** A target name in the spec: used in file names and resource logical IDs, so kept simple. */
export const TARGET_NAME = /^[A-Za-z][A-Za-z0-9_-]{0,62}$/;

/** The partition an AWS region belongs to. */
export function partitionOf(region: string): "aws" | "aws-cn" | "aws-us-gov" {
  if (region.startsWith("cn-")) return "aws-cn";
  if (region.startsWith("us-gov-")) return "aws-us-gov";
  return "aws";
}
