import { describe, expect, it } from "vitest";
import { formatEcrHost, parseEcrHost } from "./parse-ecr-host.js";

const A = "111111111111";

describe("parseEcrHost", () => {
  it.each([
    [`${A}.dkr.ecr.eu-west-1.amazonaws.com`, "eu-west-1", false, false, "aws"],
    [`https://${A}.dkr.ecr.eu-west-1.amazonaws.com`, "eu-west-1", false, false, "aws"],
    [`HTTPS://${A}.DKR.ECR.EU-WEST-1.AMAZONAWS.COM/v2/`, "eu-west-1", false, false, "aws"],
    [`${A}.dkr.ecr.us-east-1.amazonaws.com/team/app:1.0`, "us-east-1", false, false, "aws"],
    [`${A}.dkr.ecr-fips.us-east-1.amazonaws.com`, "us-east-1", true, false, "aws"],
    [`${A}.dkr.ecr.us-gov-west-1.amazonaws.com`, "us-gov-west-1", false, false, "aws-us-gov"],
    [`${A}.dkr.ecr-fips.us-gov-east-1.amazonaws.com`, "us-gov-east-1", true, false, "aws-us-gov"],
    [`${A}.dkr.ecr.cn-north-1.amazonaws.com.cn`, "cn-north-1", false, false, "aws-cn"],
    [`${A}.dkr-ecr.eu-west-1.on.aws`, "eu-west-1", false, true, "aws"],
    [`${A}.dkr-ecr-fips.us-east-2.on.aws`, "us-east-2", true, true, "aws"],
    [`${A}.dkr-ecr.cn-northwest-1.on.amazonwebservices.com.cn`, "cn-northwest-1", false, true, "aws-cn"],
    [`${A}.dkr.ecr.eusc-de-east-1.amazonaws.eu`, "eusc-de-east-1", false, false, "aws-eusc"],
    [`${A}.dkr.ecr.us-iso-east-1.c2s.ic.gov`, "us-iso-east-1", false, false, "aws-iso"],
  ])("parses %s", (input, region, fips, dualStack, partition) => {
    expect(parseEcrHost(input)).toEqual({
      host: input
        .replace(/^https:\/\//i, "")
        .split("/")[0]
        ?.toLowerCase(),
      account: A,
      region,
      fips,
      dualStack,
      partition,
    });
  });

  it.each([
    ["Docker Hub", "https://index.docker.io/v1/"],
    ["ECR Public", "public.ecr.aws"],
    ["short account", "11111111111.dkr.ecr.eu-west-1.amazonaws.com"],
    ["long account", "1111111111111.dkr.ecr.eu-west-1.amazonaws.com"],
    ["port", `${A}.dkr.ecr.eu-west-1.amazonaws.com:443`],
    ["http scheme", `http://${A}.dkr.ecr.eu-west-1.amazonaws.com`],
    ["suffix after domain", `${A}.dkr.ecr.eu-west-1.amazonaws.com.evil.example`],
    ["prefix before account", `x${A}.dkr.ecr.eu-west-1.amazonaws.com`],
    ["China region on .com", `${A}.dkr.ecr.cn-north-1.amazonaws.com`],
    ["non-China region on .com.cn", `${A}.dkr.ecr.eu-west-1.amazonaws.com.cn`],
    ["dual-stack name on the IPv4 domain", `${A}.dkr-ecr.eu-west-1.amazonaws.com`],
    ["IPv4 name on the dual-stack domain", `${A}.dkr.ecr.eu-west-1.on.aws`],
    ["empty", ""],
    ["API endpoint", "api.ecr.eu-west-1.amazonaws.com"],
  ])("rejects %s", (_what, input) => {
    expect(parseEcrHost(input)).toBeUndefined();
  });
});

describe("formatEcrHost", () => {
  it.each([
    [{ account: A, region: "eu-west-1" }, `${A}.dkr.ecr.eu-west-1.amazonaws.com`],
    [{ account: A, region: "cn-north-1" }, `${A}.dkr.ecr.cn-north-1.amazonaws.com.cn`],
    [{ account: A, region: "us-gov-west-1", fips: true }, `${A}.dkr.ecr-fips.us-gov-west-1.amazonaws.com`],
    [{ account: A, region: "eu-west-1", dualStack: true }, `${A}.dkr-ecr.eu-west-1.on.aws`],
    [
      { account: A, region: "cn-north-1", dualStack: true },
      `${A}.dkr-ecr.cn-north-1.on.amazonwebservices.com.cn`,
    ],
  ])("formats %o", (parts, host) => {
    expect(formatEcrHost(parts)).toBe(host);
    expect(parseEcrHost(host)?.host).toBe(host);
  });
});
