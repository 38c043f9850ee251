// After a kill -9, what a crossrole writer left (temp files holding secrets, stale locks moved aside, a
// [NAME-source] section no profile uses) is removed by the next run that writes there; a live writer's files never.
import { type ChildProcess, spawn } from "node:child_process";
import { mkdir, readdir, readFile, rm, utimes, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { deadAndLiveWriters } from "../support/writer-processes.js";
import { cliPath, makeTempDir, runCli } from "./run-cli.js";

const SECRET = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
const KEYS = { AWS_ACCESS_KEY_ID: "AKIAIOSFODNN7EXAMPLE", AWS_SECRET_ACCESS_KEY: SECRET };
const ROLE = [
  "--role-arn",
  "arn:aws:iam::111111111111:role/OurThingBuildRole",
  "--external-id",
  "ext-0123456789",
];

let dir: string;
let aws: string;
let cleanup: () => Promise<void>;
let env: Record<string, string>;
beforeEach(async () => {
  ({ dir, cleanup } = await makeTempDir());
  aws = join(dir, ".aws");
  await mkdir(aws, { mode: 0o700 });
  env = { AWS_CONFIG_FILE: join(aws, "config"), AWS_SHARED_CREDENTIALS_FILE: join(aws, "credentials") };
});
afterEach(async () => cleanup());

// A PID whose process really was killed with SIGKILL, and a live writer stopped mid-write (SIGSTOP).
let dead: number;
let live: ChildProcess;
beforeAll(async () => {
  ({ dead, live } = await deadAndLiveWriters());
});
afterAll(() => {
  live.kill("SIGKILL");
});

async function leftover(name: string, ageMs: number, text = `aws_secret_access_key = ${SECRET}\n`) {
  await writeFile(join(aws, name), text, { mode: 0o600 });
  const at = (Date.now() - ageMs) / 1000;
  await utimes(join(aws, name), at, at);
  return name;
}

const marked = (profile: string) =>
  `# managed by crossrole (source credentials of profile ${profile}); edits inside this section may be overwritten\n[${profile}-source]\naws_access_key_id = AKIAIOSFODNN7EXAMPLE\naws_secret_access_key = ${SECRET}\n`;

describe("the next crossrole profile run cleans up after a killed one", () => {
  it("removes dead writers' temp files and stale lock asides next to ~/.aws files, keeps a live writer's", async () => {
    const gone = [
      await leftover(`.credentials.${dead}.0123456789ab.tmp`, 15_000),
      await leftover(`.config.${dead}.0123456789ab.tmp`, 15_000),
      await leftover(`credentials.lock.stale-${dead}-k3x9`, 15_000, `${dead}\n`),
      await leftover(`config.lock.stale-${dead}-k3x9`, 15_000, `${dead}\n`),
    ];
    const kept = [
      await leftover(`.credentials.${live.pid}.0123456789ab.tmp`, 15_000),
      await leftover(`.credentials.${dead}.abcdefabcdef.tmp`, 0), // too fresh: maybe another container's writer
    ];
    const r = await runCli(["profile", ...ROLE, "--name", "build", "--source-from-env"], {
      cwd: dir,
      env: { ...env, ...KEYS },
    });
    expect(r.code, r.stderr).toBe(0);
    const after = await readdir(aws);
    for (const name of gone) expect(after).not.toContain(name);
    expect(after.sort()).toEqual(["config", "credentials", ...kept].sort());
  });

  it("removes a marked [NAME-source] no profile names; keeps a named one and the user's own sections", async () => {
    await writeFile(
      env.AWS_CONFIG_FILE as string,
      "[profile kept]\nrole_arn = arn:aws:iam::111111111111:role/R\nsource_profile = kept-source\n",
    );
    const mine = "[mine-source]\naws_access_key_id = AKIAIOSFODNN7EXAMPLE\n";
    await writeFile(
      env.AWS_SHARED_CREDENTIALS_FILE as string,
      `${marked("ghost")}\n${marked("kept")}\n${mine}`,
    );
    const r = await runCli(["profile", ...ROLE, "--name", "other", "--source-profile", "kept"], {
      cwd: dir,
      env,
    });
    expect(r.code, r.stderr).toBe(0);
    expect(await readFile(env.AWS_SHARED_CREDENTIALS_FILE as string, "utf8")).toBe(
      `\n${marked("kept")}\n${mine}`,
    );
  });

  it("kill -9 between its two writes leaves no keys that no profile names; the next run completes the profile", async () => {
    // Hold the credentials file's lock (as a live crossrole would), so the run stops between its two writes.
    const lock = `${env.AWS_SHARED_CREDENTIALS_FILE}.lock`;
    await writeFile(lock, `${process.pid}\n`);
    const child = spawn(
      process.execPath,
      [cliPath, "profile", ...ROLE, "--name", "build", "--source-from-env"],
      {
        cwd: dir,
        env: { PATH: process.env.PATH ?? "", HOME: dir, ...env, ...KEYS },
        stdio: "ignore",
      },
    );
    const exited = new Promise<void>((done) => child.once("exit", () => done()));
    const deadline = Date.now() + 10_000;
    let config = "";
    while (!config.includes("[profile build]") && Date.now() < deadline) {
      await new Promise((done) => setTimeout(done, 20));
      config = await readFile(env.AWS_CONFIG_FILE as string, "utf8").catch(() => "");
    }
    child.kill("SIGKILL");
    await exited;
    expect(config).toContain("source_profile = build-source");
    const credentials = await readFile(env.AWS_SHARED_CREDENTIALS_FILE as string, "utf8").catch(() => "");
    expect(credentials).not.toContain(SECRET);

    await rm(lock);
    const again = await runCli(["profile", ...ROLE, "--name", "build", "--source-from-env"], {
      cwd: dir,
      env: { ...env, ...KEYS },
    });
    expect(again.code, again.stderr).toBe(0);
    expect(await readFile(env.AWS_SHARED_CREDENTIALS_FILE as string, "utf8")).toBe(marked("build"));
    expect((await readdir(aws)).sort()).toEqual(["config", "credentials"]);
  });
});
