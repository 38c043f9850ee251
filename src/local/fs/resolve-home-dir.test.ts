import { userInfo } from "node:os";
import { sep } from "node:path";
import { describe, expect, it } from "vitest";
import { resolveHomeDir } from "./resolve-home-dir.js";

describe("resolveHomeDir", () => {
  it.each([
    [{ HOME: "/home/u", USERPROFILE: "/p" }, "/home/u"],
    [{ HOME: "", USERPROFILE: "/p" }, "/p"],
    [{ USERPROFILE: "/p", HOMEDRIVE: "D:", HOMEPATH: "\\u" }, "/p"],
    [{ HOMEDRIVE: "D:", HOMEPATH: "\\u" }, "D:\\u"],
    [{ HOMEPATH: "\\u" }, `C:${sep}\\u`],
    // No HOME at all: the password database, as os.homedir() (and so the AWS SDK) falls back to.
    [{}, userInfo().homedir],
    [{ HOME: "", USERPROFILE: "" }, userInfo().homedir],
  ])("%j → %s", (env, expected) => {
    expect(resolveHomeDir(env)).toBe(expected);
  });

  it("answers once per environment: every later caller gets the same directory", () => {
    const env: Record<string, string | undefined> = { HOME: "/first" };
    expect(resolveHomeDir(env)).toBe("/first");
    env.HOME = "/second";
    expect(resolveHomeDir(env)).toBe("/first");
    expect(resolveHomeDir({ HOME: "/second" })).toBe("/second");
  });
});
