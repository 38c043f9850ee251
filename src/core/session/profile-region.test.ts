import { describe, expect, it } from "vitest";
import { profileRegion } from "./profile-region.js";

const config = `[default]
region = us-east-2

[profile ci]
output = json
region=eu-west-1   # the build's

[profile  spaced  ]
region = ap-south-1

[ci]
region = us-west-1

[profile noregion]
output = text
`;

describe("profileRegion", () => {
  it.each([
    ["default", "us-east-2"],
    ["ci", "eu-west-1"],
    ["spaced", "ap-south-1"],
    ["noregion", undefined],
    ["missing", undefined],
  ])("%s -> %s", (name, region) => {
    expect(profileRegion(config, name)).toBe(region);
  });

  it("a config-file section without 'profile ' is not a named profile (only [default] is)", () => {
    expect(profileRegion("[ci]\nregion = us-west-1\n", "ci")).toBeUndefined();
    expect(profileRegion("[profile default]\nregion = eu-north-1\n", "default")).toBe("eu-north-1");
  });
});
