import { spawn } from "node:child_process";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import { AssumeRoleCommand } from "@aws-sdk/client-sts";
import { describe, expect, it } from "vitest";
import { BUILD, policy, TARGET } from "./accounts.js";
import { stsAs, userCredentials } from "./caller-clients.js";
import { LAUNCHER, startEmulator } from "./emulator.js";
import { resolvePython } from "./python.js";
import { runBoto3 } from "./real-clients.js";
import { useEmulator } from "./use-emulator.js";
import { createRole, createUserWithKey } from "./world.js";

// Not used for state, but it makes the file skip with the others under CROSSROLE_SKIP_EMULATOR=1.
useEmulator();

const PROBE = fileURLToPath(new URL("./orphan-probe.ts", import.meta.url));

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function goneWithin(pid: number, ms: number): Promise<boolean> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (!alive(pid)) return true;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  return !alive(pid);
}

/** Start the probe in a child node process; resolves with the child and the emulator PID it started. */
async function startProbe() {
  const child = spawn(process.execPath, ["--import", "tsx", PROBE], { stdio: ["ignore", "pipe", "inherit"] });
  const lines = createInterface({ input: child.stdout });
  const [line] = (await Promise.race([
    (async () => {
      for await (const l of lines) return [l];
      return [];
    })(),
    new Promise((_, reject) => setTimeout(() => reject(new Error("probe did not report in 30 s")), 30_000)),
  ])) as string[];
  const { pid } = JSON.parse(line ?? "{}") as { pid: number };
  return { child, pid };
}

describe("emulator lifecycle", () => {
  it("measures startup and teardown overhead, and stop() kills the server by PID", async () => {
    await resolvePython(); // already resolved by the global setup in a real run; keep it out of the measurement
    const emulator = await startEmulator();
    expect(alive(emulator.pid)).toBe(true);
    const response = await fetch(`${emulator.endpoint}/moto-api/data.json`);
    expect(response.status).toBe(200);
    const stopStarted = performance.now();
    await emulator.stop();
    const stopMs = performance.now() - stopStarted;
    expect(alive(emulator.pid)).toBe(false);
    console.log(
      `crossrole emulator overhead: startup ${Math.round(emulator.startupMs)} ms + teardown ${Math.round(stopMs)} ms`,
    );
    expect(emulator.startupMs + stopMs).toBeLessThan(10_000);
  });

  it.each(["SIGTERM", "SIGKILL"] as const)(
    "no emulator survives its parent node process killed with %s",
    async (signal) => {
      const { child, pid } = await startProbe();
      expect(alive(pid)).toBe(true);
      child.kill(signal);
      expect(await goneWithin(pid, 3_000)).toBe(true);
    },
  );

  it("the launcher refuses any moto version but 5.2.1, with instructions", async () => {
    const fake = await mkdtemp(join(tmpdir(), "crossrole-fake-moto-"));
    try {
      await mkdir(join(fake, "moto"));
      await writeFile(join(fake, "moto", "__init__.py"), '__version__ = "5.0.0"\n');
      const env: Record<string, string> = { PATH: process.env.PATH ?? "", PYTHONPATH: fake };
      const result = await runBoto3(
        `import runpy, sys; sys.argv = [${JSON.stringify(LAUNCHER)}]; runpy.run_path(sys.argv[0], run_name="__main__")`,
        { env },
      );
      expect(result.code).toBe(3);
      expect(result.stderr).toContain("needs moto 5.2.1 exactly");
      expect(result.stderr).toContain("found moto 5.0.0");
      expect(result.stderr).toContain("pip install 'moto[server]==5.2.1'");
    } finally {
      await rm(fake, { recursive: true, force: true });
    }
  });

  it("plain moto 5.2.1 (--unpatched) really lacks what the patch adds: it lets a wrong ExternalId in", async () => {
    const wrongExternalId = async (patched: boolean) => {
      const emulator = await startEmulator({ patched });
      try {
        const ci = await createUserWithKey(emulator, BUILD, "ci");
        const role = await createRole(emulator, TARGET, {
          name: "deploy",
          trustPolicy: policy({
            Effect: "Allow",
            Principal: { AWS: ci.arn },
            Action: "sts:AssumeRole",
            Condition: { StringEquals: { "sts:ExternalId": "right" } },
          }),
        });
        const sts = stsAs(emulator, userCredentials(ci));
        try {
          await sts.send(
            new AssumeRoleCommand({ RoleArn: role.arn, RoleSessionName: "s", ExternalId: "wrong" }),
          );
          return "allowed";
        } catch (error) {
          return (error as Error).name;
        } finally {
          sts.destroy();
        }
      } finally {
        await emulator.stop();
      }
    };
    expect(await wrongExternalId(false)).toBe("allowed");
    expect(await wrongExternalId(true)).toBe("AccessDenied");
  });
});
