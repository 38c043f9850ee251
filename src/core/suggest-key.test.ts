import { describe, expect, it } from "vitest";
import { suggestKey } from "./suggest-key.js";

const TARGET_KEYS = [
  "account",
  "role",
  "region",
  "description",
  "externalId",
  "maxSessionDuration",
  "permissions",
  "tags",
];

describe("suggestKey", () => {
  it.each([
    ["externalID", TARGET_KEYS, "externalId"],
    ["extrnalId", TARGET_KEYS, "externalId"],
    ["exetrnalId", TARGET_KEYS, "externalId"],
    ["external_id", TARGET_KEYS, "externalId"],
    ["maxSessionDurations", TARGET_KEYS, "maxSessionDuration"],
    ["MaxSessionDuration", TARGET_KEYS, "maxSessionDuration"],
    ["acount", TARGET_KEYS, "account"],
    ["permision", TARGET_KEYS, "permissions"],
    ["tag", TARGET_KEYS, "tags"],
    ["rgeion", TARGET_KEYS, "region"],
    ["principle", ["account", "principal"], "principal"],
    ["s4", ["ecr", "s3"], "s3"],
    ["Actions", ["Sid", "Effect", "Action", "NotAction"], "Action"],
  ])("%s → %s", (input, candidates, expected) => {
    expect(suggestKey(input, candidates)).toBe(expected);
  });

  it.each([
    ["colour", TARGET_KEYS],
    ["x", TARGET_KEYS],
    ["accountId_for_the_build", TARGET_KEYS],
    ["anything", []],
  ])("%s → nothing close", (input, candidates) => {
    expect(suggestKey(input, candidates)).toBeUndefined();
  });

  it("prefers the closest candidate, then the first", () => {
    expect(suggestKey("rol", ["roles", "role"])).toBe("role");
    expect(suggestKey("ab", ["aa", "bb"])).toBe("aa");
  });
});
