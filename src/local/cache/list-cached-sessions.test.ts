import { mkdtemp, rm, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { listCachedSessions } from "./list-cached-sessions.js";

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "crossrole-list-sessions-"));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const entry = (roleArn: string, expiration: string, extra: object = {}) =>
  JSON.stringify({
    version: 1,
    key: "k",
    roleArn,
    accessKeyId: "ASIAX",
    secretAccessKey: "SECRET",
    sessionToken: "TOKEN",
    expiration,
    ...extra,
  });

describe("listCachedSessions", () => {
  it("lists sessions (latest expiry first) with role and expiry only; skips everything else", async () => {
    await writeFile(join(dir, "a.json"), entry("arn:aws:iam::111111111111:role/a", "2030-01-01T00:00:00Z"));
    await writeFile(
      join(dir, "b.json"),
      entry("arn:aws:iam::111111111111:role/b", "2031-01-01T00:00:00Z", {
        assumedRoleArn: "arn:aws:sts::111111111111:assumed-role/b/s",
      }),
    );
    await writeFile(join(dir, "target-x.json"), JSON.stringify({ targets: [] })); // not a session
    await writeFile(join(dir, "bad.json"), "{");
    await writeFile(join(dir, "nodate.json"), entry("arn:aws:iam::1:role/c", "not a date"));
    await symlink(join(dir, "a.json"), join(dir, "link.json"));
    const sessions = listCachedSessions(dir);
    expect(sessions).toEqual([
      {
        roleArn: "arn:aws:iam::111111111111:role/b",
        assumedRoleArn: "arn:aws:sts::111111111111:assumed-role/b/s",
        expiration: new Date("2031-01-01T00:00:00Z"),
      },
      { roleArn: "arn:aws:iam::111111111111:role/a", expiration: new Date("2030-01-01T00:00:00Z") },
    ]);
    expect(JSON.stringify(sessions)).not.toMatch(/SECRET|TOKEN|ASIAX/);
  });

  it("a missing directory is no sessions", () => {
    expect(listCachedSessions(join(dir, "nope"))).toEqual([]);
  });
});
