/**
 * Every AWS region crossrole knows, per partition it supports (commercial, China, GovCloud). A region outside this
 * list is refused as a probable typo (`eu-wset-1`) unless the user opts out explicitly (see check-region-name.ts).
 *
 * Source: botocore 1.43.11, data/partitions.json (`partitions[].regions`, the pseudo-regions `*-global` left out),
 * which agrees with data/endpoints.json; read on 2026-12-04. To update: list the keys of `regions` of the
 * partitions aws, aws-cn and aws-us-gov in a newer botocore's partitions.json.
 */
export const AWS_REGIONS: Readonly<Record<"aws" | "aws-cn" | "aws-us-gov", readonly string[]>> = {
  // commercial
  aws: [
    "af-south-1",
    "ap-east-1",
    "ap-east-2",
    "ap-northeast-1",
    "ap-northeast-2",
    "ap-northeast-3",
    "ap-south-1",
    "ap-south-2",
    "ap-southeast-1",
    "ap-southeast-2",
    "ap-southeast-3",
    "ap-southeast-4",
    "ap-southeast-5",
    "ap-southeast-6",
    "ap-southeast-7",
    "ca-central-1",
    "ca-west-1",
    "eu-central-1",
    "eu-central-2",
    "eu-north-1",
    "eu-south-1",
    "eu-south-2",
    "eu-west-1",
    "eu-west-2",
    "eu-west-3",
    "il-central-1",
    "me-central-1",
    "me-south-1",
    "mx-central-1",
    "sa-east-1",
    "us-east-1",
    "us-east-2",
    "us-west-1",
    "us-west-2",
  ],
  // China
  "aws-cn": ["cn-north-1", "cn-northwest-1"],
  // AWS GovCloud (US)
  "aws-us-gov": ["us-gov-east-1", "us-gov-west-1"],
};

/** All of them, in one list. */
export const KNOWN_REGIONS: readonly string[] = Object.values(AWS_REGIONS).flat();
