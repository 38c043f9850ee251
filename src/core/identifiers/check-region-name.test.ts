import { describe, expect, it } from "vitest";
import { UsageError } from "../errors.js";
import { AWS_REGIONS, KNOWN_REGIONS } from "./aws-regions.js";
import { allowsUnknownRegion, checkRegionName, regionNameProblem } from "./check-region-name.js";

/** Issue 14, item 8: a region is checked against AWS's list, with a did-you-mean and an explicit opt-out. */
describe("checkRegionName: AWS's list of regions", () => {
  it.each(KNOWN_REGIONS.map((r) => [r]))("accepts %s", (region) => {
    expect(checkRegionName(region, "--region")).toBe(region);
  });

  it("covers the three partitions crossrole supports", () => {
    expect(AWS_REGIONS.aws).toContain("eu-west-1");
    expect(AWS_REGIONS.aws).toContain("mx-central-1");
    expect(AWS_REGIONS["aws-cn"]).toEqual(["cn-north-1", "cn-northwest-1"]);
    expect(AWS_REGIONS["aws-us-gov"]).toEqual(["us-gov-east-1", "us-gov-west-1"]);
    expect(KNOWN_REGIONS).not.toContain("aws-global");
  });

  it.each([
    ["eu-wset-1", "AWS_REGION", "Did you mean eu-west-1?"],
    ["eu-west-4", "--region", "Did you mean eu-west-1?"],
    ["us-esat-1", "--region", "Did you mean us-east-1?"],
    ["ap-southeast-8", "AWS_DEFAULT_REGION", "Did you mean ap-southeast-1?"],
    ["cn-nrth-1", "--region", "Did you mean cn-north-1?"],
    ["us-gov-wset-1", "--region", "Did you mean us-gov-west-1?"],
  ])("refuses the typo %s (from %s) with a suggestion", (region, source, suggestion) => {
    const error = thrown(() => checkRegionName(region, source));
    expect(error).toBeInstanceOf(UsageError);
    expect(error.message).toBe(
      `${source}=${JSON.stringify(region)} is not an AWS region crossrole knows. ${suggestion}`,
    );
    expect((error as UsageError).hint).toContain("CROSSROLE_ALLOW_UNKNOWN_REGION=1");
  });

  it.each(["xx-fake-1", "us-isob-east-1", "zz-nowhere-9"])("refuses %s, not in the list", (region) => {
    const error = thrown(() => checkRegionName(region, "--region"));
    expect(error.message).toContain("is not an AWS region crossrole knows");
    expect(error.message).not.toContain("Did you mean xx");
  });

  it.each(["xx-fake-1", "ap-newland-1", "eu-wset-1"])(
    "lets the well-formed %s through with the explicit opt-out",
    (region) => {
      expect(checkRegionName(region, "--region", { allowUnknown: true })).toBe(region);
      expect(regionNameProblem(region, { allowUnknown: true })).toBeUndefined();
    },
  );

  it.each(["eu west 1", "EU-WEST-1", "eu-west", ""])(
    "the opt-out still refuses the malformed %j",
    (region) => {
      expect(() => checkRegionName(region, "--region", { allowUnknown: true })).toThrow(
        /is not an AWS region name/,
      );
    },
  );

  it.each([
    [{ CROSSROLE_ALLOW_UNKNOWN_REGION: "1" }, true],
    [{ CROSSROLE_ALLOW_UNKNOWN_REGION: "0" }, false],
    [{ CROSSROLE_ALLOW_UNKNOWN_REGION: "" }, false],
    [{}, false],
  ])("allowsUnknownRegion(%j) is %s", (env, expected) => {
    expect(allowsUnknownRegion(env)).toBe(expected);
  });
});

function thrown(fn: () => unknown): Error {
  try {
    fn();
  } catch (error) {
    return error as Error;
  }
  throw new Error("expected a throw");
}
