// Measures, in ONE run against the emulator, the medians of:
//   node -e 0 (the floor), crossrole assume cold (--no-cache, resolved-target cache warm) and cached, a cold
//   assume of a spec target and of --role-arn --external-id with an EMPTY cache directory (a fresh one per run:
//   every ephemeral CI runner's first call), `aws sts assume-role` (aws CLI v1), and a profile-based
//   `aws sts get-caller-identity --profile`; prints medians and ratios.
// Targets (issue 16): cached ≤ 1.2× node -e 0; cold ≥ 4× faster than aws sts assume-role; empty cache directory:
// ≥ 4× faster than aws and ≤ 3× node -e 0, and ≤ 3× node -e 0 with --role-arn.
//
//   npm run build && npx tsx bench/assume.ts [--runs N]      (CROSSROLE_CLI=path overrides dist/crossrole.cjs)
import "../test/support/quiet-sdk-node-version-warning.js"; // the SDK's Node-version warning, in this process
import { spawnSync } from "node:child_process";
import { appendFileSync, mkdtempSync } from "node:fs";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { startEmulator } from "../test/emulator/emulator.js";
import { resolveAwsCli } from "../test/emulator/real-clients.js";
import { cliPath, createAssumeWorld, EXTERNAL_ID, ROLE_ARN } from "../test/integration/assume-world.js";

const { values } = parseArgs({ options: { runs: { type: "string", default: "15" } } });
const runs = Number(values.runs);

const emulator = await startEmulator();
try {
  await emulator.reset();
  const world = await createAssumeWorld(emulator);
  const { env, sandbox, user } = world;
  appendFileSync(
    sandbox.credentialsFile,
    `[build]\naws_access_key_id = ${user.accessKeyId}\naws_secret_access_key = ${user.secretAccessKey}\n`,
  );
  appendFileSync(
    sandbox.configFile,
    `[profile deploy]\nrole_arn = ${ROLE_ARN}\nexternal_id = ${EXTERNAL_ID}\nsource_profile = build\nregion = eu-west-1\n`,
  );
  // The sandbox already drops AWS_CA_BUNDLE for the aws CLI; NODE_EXTRA_CA_CERTS is its Node equivalent. Some
  // machine images set it (this one does), and it makes every Node process parse a CA bundle at startup (~40 ms)
  // that no case here uses: the emulator is plain http on loopback. Dropped for every case, and said so.
  if (env.NODE_EXTRA_CA_CERTS !== undefined) {
    delete env.NODE_EXTRA_CA_CERTS;
    console.log(
      "NODE_EXTRA_CA_CERTS unset for every case (loopback http; see the comment in bench/assume.ts)",
    );
  }
  delete env.AWS_CA_BUNDLE;
  const aws = await resolveAwsCli();
  const [awsCommand = "aws", ...awsPrefix] = aws;
  const node = process.execPath;
  // A new, empty (0700) cache directory for each run of the empty-cache cases, made before the clock starts.
  const emptyCacheDir = () => mkdtempSync(join(sandbox.dir, "empty-cache-"));
  const cases: [string, string, string[], ((e: typeof env) => typeof env)?][] = [
    ["node -e 0", node, ["-e", "0"]],
    ["crossrole assume (cached)", node, [cliPath, "assume", "deploy", "-c", world.specPath]],
    [
      "crossrole assume --no-cache (cold)",
      node,
      [cliPath, "assume", "deploy", "-c", world.specPath, "--no-cache"],
    ],
    [
      "crossrole assume (cold, empty cache dir)",
      node,
      [cliPath, "assume", "deploy", "-c", world.specPath],
      (e) => ({ ...e, CROSSROLE_CACHE_DIR: emptyCacheDir() }),
    ],
    [
      "crossrole assume --role-arn (cold, empty cache dir)",
      node,
      [cliPath, "assume", "--role-arn", ROLE_ARN, "--external-id", EXTERNAL_ID],
      (e) => ({ ...e, CROSSROLE_CACHE_DIR: emptyCacheDir() }),
    ],
    [
      "aws sts assume-role",
      awsCommand,
      [
        ...awsPrefix,
        "sts",
        "assume-role",
        "--role-arn",
        ROLE_ARN,
        "--role-session-name",
        "bench",
        "--external-id",
        EXTERNAL_ID,
      ],
    ],
    [
      "aws sts get-caller-identity --profile",
      awsCommand,
      [...awsPrefix, "sts", "get-caller-identity", "--profile", "deploy"],
    ],
  ];
  const samples = new Map<string, number[]>(cases.map(([name]) => [name, []]));
  for (let i = 0; i < runs + 1; i++) {
    for (const [name, command, args, envOf] of cases) {
      const caseEnv = envOf === undefined ? env : envOf(env);
      const start = process.hrtime.bigint();
      // stdout is a pipe, as in eval "$(crossrole assume ...)" (and for the aws CLI alike).
      const r = spawnSync(command, args, {
        env: caseEnv,
        cwd: sandbox.dir,
        stdio: ["ignore", "pipe", "pipe"],
      });
      const ms = Number(process.hrtime.bigint() - start) / 1e6;
      if (r.status !== 0) throw new Error(`${name} exited ${r.status}: ${r.stderr}`);
      if (i > 0) samples.get(name)?.push(ms); // round 0 warms the file cache and the credential cache
    }
  }
  const med = (name: string) => median(samples.get(name) ?? []);
  const floor = med("node -e 0");
  const awsAssume = med("aws sts assume-role");
  console.log(`runs per case: ${runs}; emulator moto 5.2.1 (patched), auth enforcement on`);
  for (const [name] of cases) {
    const m = med(name);
    console.log(
      `${name.padEnd(52)} median ${m.toFixed(1).padStart(7)} ms  ${(m / floor).toFixed(2).padStart(6)}x node -e 0`,
    );
  }
  const cached = med("crossrole assume (cached)") / floor;
  const cold = awsAssume / med("crossrole assume --no-cache (cold)");
  const empty = med("crossrole assume (cold, empty cache dir)");
  const emptyRole = med("crossrole assume --role-arn (cold, empty cache dir)");
  const verdict = (ok: boolean) => (ok ? "OK" : "MISSED");
  console.log(
    `cached / node -e 0          = ${cached.toFixed(2)}  (target <= 1.2) ${verdict(cached <= 1.2)}`,
  );
  console.log(`aws sts assume-role / cold  = ${cold.toFixed(2)}  (target >= 4)   ${verdict(cold >= 4)}`);
  console.log(
    `aws / empty-cache cold      = ${(awsAssume / empty).toFixed(2)}  (target >= 4)   ${verdict(awsAssume / empty >= 4)}`,
  );
  console.log(
    `empty-cache cold / node     = ${(empty / floor).toFixed(2)}  (target <= 3)   ${verdict(empty / floor <= 3)}`,
  );
  console.log(
    `empty-cache --role-arn / node = ${(emptyRole / floor).toFixed(2)}  (target <= 3) ${verdict(emptyRole / floor <= 3)}`,
  );
  const sessions = await emulator.sessions();
  console.log(`AssumeRole sessions recorded by the emulator: ${sessions.length}`);
  await sandbox.cleanup();
} finally {
  await emulator.stop();
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] ?? Number.NaN;
}
