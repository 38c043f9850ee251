// The builder image (docker/Dockerfile). There is no docker engine on these machines, so the image is not built:
// its entrypoint script runs directly, as the image runs it, against the emulator, with `crossrole` and `aws` on
// PATH; and the Dockerfile is checked for what the issue asks (non-root user, that entrypoint, no credential in
// any layer).
import { chmod, mkdir, readFile, writeFile } from "node:fs/promises";
import { join, resolve } from "node:path";
import { beforeEach, describe, expect, it } from "vitest";
import { TARGET } from "../emulator/accounts.js";
import { resolveAwsCli } from "../emulator/real-clients.js";
import { useEmulator } from "../emulator/use-emulator.js";
import { runProcess } from "../support/run-process.js";
import { createEcrWorld, type EcrWorld, REGION } from "./ecr-world.js";

const emulator = useEmulator({ reset: "test" });
const ROOT = resolve(import.meta.dirname, "../..");
const ENTRYPOINT = join(ROOT, "docker/entrypoint.sh");
const DEPLOY = `arn:aws:iam::${TARGET}:role/deploy`;
/** The command: fails when any BUILD key reached it, else prints the caller. */
const COMMAND =
  'test -z "$AWS_ACCESS_KEY_ID$AWS_SECRET_ACCESS_KEY" && aws sts get-caller-identity --output json';

let world: EcrWorld;
let env: Record<string, string>;
beforeEach(async () => {
  world = await createEcrWorld(emulator);
  const bin = join(world.sandbox.dir, "bin");
  await mkdir(bin);
  const shim = async (name: string, command: string) => {
    await writeFile(join(bin, name), `#!/bin/sh\nexec ${command} "$@"\n`);
    await chmod(join(bin, name), 0o755);
  };
  await shim("crossrole", `${process.execPath} ${join(ROOT, "dist/crossrole.cjs")}`);
  await shim("aws", (await resolveAwsCli()).join(" "));
  env = { ...world.env, PATH: `${bin}:${world.env.PATH}` };
  delete env.AWS_REGION;
  delete env.AWS_DEFAULT_REGION;
});

function entrypoint(extra: Record<string, string>, command: string) {
  return runProcess(ENTRYPOINT, ["sh", "-c", command], {
    env: { ...env, ...extra },
    cwd: world.sandbox.dir,
    ignoreStdin: true,
    timeoutMs: 60_000,
  });
}

async function externalId(): Promise<string> {
  const spec = await readFile(world.specPath, "utf8");
  return /externalId: (\S+)/.exec(spec)?.[1] as string;
}

describe("the builder image's entrypoint", () => {
  it("configure (default): the command runs as the role through [default], without the BUILD keys", async () => {
    const run = await entrypoint({ REGION, ROLE_ARN: DEPLOY, EXTERNAL_ID: await externalId() }, COMMAND);
    expect(run.code, run.stderr).toBe(0);
    expect(JSON.parse(run.stdout).Arn).toMatch(/:assumed-role\/deploy\//);
    const config = await readFile(world.sandbox.configFile, "utf8");
    expect(config).toContain("[default]");
    expect(config).toContain(`external_id = ${await externalId()}`);
  });

  it("configure refuses an incomplete environment (exit 2) and never runs the command", async () => {
    const run = await entrypoint({ REGION }, "echo ran");
    expect(run.code).toBe(2);
    expect(run.stdout).not.toContain("ran");
    expect(run.stderr).toContain("ROLE_ARN");
  });

  it("serve: the command gets only the credential endpoint, which works", async () => {
    const run = await entrypoint(
      { CROSSROLE_MODE: "serve", CROSSROLE_TARGET: "deploy" },
      `${COMMAND} && test -n "$AWS_CONTAINER_CREDENTIALS_FULL_URI"; code=$?; kill "$CROSSROLE_SERVE_PID"; exit $code`,
    );
    expect(run.code, run.stderr).toBe(0);
    expect(JSON.parse(run.stdout).Arn).toMatch(/:assumed-role\/deploy\//);
  });

  it("serve with a target the spec lacks fails before the command (exit 5), and an unknown mode is exit 2", async () => {
    const missing = await entrypoint({ CROSSROLE_MODE: "serve", CROSSROLE_TARGET: "nope" }, "echo ran");
    expect(missing.code).toBe(5);
    expect(missing.stdout).not.toContain("ran");
    const mode = await entrypoint({ CROSSROLE_MODE: "daemon" }, "echo ran");
    expect(mode.code).toBe(2);
  });
});

describe("docker/Dockerfile", () => {
  it("runs as a non-root user, uses the entrypoint, and bakes no credential into a layer", async () => {
    const text = await readFile(join(ROOT, "docker/Dockerfile"), "utf8");
    const instructions = text.split("\n").filter((l) => /^[A-Z]+ /.test(l));
    expect(instructions.filter((l) => l.startsWith("USER ")).at(-1)).toBe("USER builder");
    expect(instructions).toContain('ENTRYPOINT ["/usr/local/bin/crossrole-entrypoint"]');
    expect(instructions).toContain("COPY docker/entrypoint.sh /usr/local/bin/crossrole-entrypoint");
    expect(text).not.toMatch(/^(ENV|ARG) .*(AWS_(ACCESS|SECRET|SESSION)|EXTERNAL_ID|ROLE_ARN|TOKEN)/m);
    expect(text).toMatch(/^FROM node:24-[a-z]+-slim$/m);
  });
});
