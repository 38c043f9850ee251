import { describe, expect, it } from "vitest";
import { UsageError } from "../errors.js";
import { checkEndpointUrl } from "./check-endpoint-url.js";
import { checkRegionName } from "./check-region-name.js";

describe("checkEndpointUrl", () => {
  it.each([
    "http://127.0.0.1:5000",
    "https://sts.eu-west-1.amazonaws.com",
    "http://[::1]:8080/",
    "http://localhost",
  ])("accepts %s", (value) => {
    expect(checkEndpointUrl(value, "--endpoint-url")).toBe(value);
  });

  it.each([
    ["not a url", "does not parse as a URL"],
    ["http://[::1", "does not parse as a URL"],
    ["http://127.0.0.1:99999", "does not parse as a URL"],
    ["ftp://127.0.0.1:21", "the scheme is ftp"],
    ["file:///etc/passwd", "the scheme is file"],
    ["localhost:4566", "the scheme is localhost"],
    ["127.0.0.1:5000", "does not parse as a URL"],
    ["http://127.0.0.1:0", "port 0"],
  ])("refuses %s (%s), naming the source and value", (value, problem) => {
    let error: unknown;
    try {
      checkEndpointUrl(value, "AWS_ENDPOINT_URL");
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(UsageError);
    expect((error as UsageError).message).toContain(`AWS_ENDPOINT_URL=${JSON.stringify(value)}`);
    expect((error as UsageError).message).toContain(problem);
    expect((error as UsageError).hint).toContain("http://");
  });
});

describe("checkRegionName", () => {
  it.each(["eu-west-1", "us-gov-west-1", "cn-north-1", "ap-southeast-5"])("accepts %s", (r) => {
    expect(checkRegionName(r, "--region")).toBe(r);
  });
  it.each(["eu west 1", "EU-WEST-1", "eu-west", "", "eu-west-1 ", "eu-west-1\n"])("refuses %j", (r) => {
    expect(() => checkRegionName(r, "AWS_REGION")).toThrow(/AWS_REGION=".*" is not an AWS region name/s);
  });
});
