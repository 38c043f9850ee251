import { mkdir, mkdtemp, readdir, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { clearCachedSessions } from "./clear-cached-sessions.js";

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "crossrole-clear-"));
  await mkdir(join(dir, "ecr"), { mode: 0o700 });
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const A = "arn:aws:iam::111111111111:role/A";
const B = "arn:aws:iam::111111111111:role/B";

async function entry(path: string, data: unknown): Promise<void> {
  await writeFile(path, JSON.stringify(data), { mode: 0o600 });
}

describe("clearCachedSessions", () => {
  it("removes the sessions and ECR tokens of the given roles only", async () => {
    await entry(join(dir, "a.json"), { version: 1, key: "k", roleArn: A, sessionToken: "t" });
    await entry(join(dir, "b.json"), { version: 1, key: "k", roleArn: B, sessionToken: "t" });
    await entry(join(dir, "target-x.json"), { key: "k", target: { roleArn: A } });
    await entry(join(dir, "ecr", "e1.json"), { version: 1, key: JSON.stringify({ v: 1, roleArn: A }) });
    await entry(join(dir, "ecr", "e2.json"), { version: 1, key: JSON.stringify({ v: 1, roleArn: B }) });
    expect(await clearCachedSessions(dir, [A])).toEqual({ sessions: 1, ecrTokens: 1 });
    expect((await readdir(dir)).sort()).toEqual(["b.json", "ecr", "target-x.json"]);
    expect(await readdir(join(dir, "ecr"))).toEqual(["e2.json"]);
  });

  it("a missing cache directory is empty", async () => {
    expect(await clearCachedSessions(join(dir, "nope"), [A])).toEqual({ sessions: 0, ecrTokens: 0 });
  });
});
