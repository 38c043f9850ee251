// Measures, in ONE run against the emulator, the medians of:
//   node -e 0 (the floor), crossrole assume cold (--no-cache) and cached, `aws sts assume-role` (aws CLI v1),
//   and a profile-based `aws sts get-caller-identity --profile`; prints medians and ratios.
// Targets: cached ≤ 1.3× node -e 0; cold ≥ 4× faster than aws sts assume-role.
//
//   npm run build && npx tsx bench/assume.ts [--runs N]      (CROSSROLE_CLI=path overrides dist/crossrole.cjs)
import "../test/support/quiet-sdk-node-version-warning.js"; // the SDK's Node-version warning, in this process
import { spawnSync } from "node:child_process";
import { appendFileSync } from "node:fs";
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
  const aws = await resolveAwsCli();
  const [awsCommand = "aws", ...awsPrefix] = aws;
  const node = process.execPath;
  const cases: [string, string, string[]][] = [
    ["node -e 0", node, ["-e", "0"]],
    ["crossrole assume (cached)", node, [cliPath, "assume", "deploy", "-c", world.specPath]],
    [
      "crossrole assume --no-cache (cold)",
      node,
      [cliPath, "assume", "deploy", "-c", world.specPath, "--no-cache"],
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
    for (const [name, command, args] of cases) {
      const start = process.hrtime.bigint();
      // stdout is a pipe, as in eval "$(crossrole assume ...)" (and for the aws CLI alike).
      const r = spawnSync(command, args, { env, cwd: sandbox.dir, stdio: ["ignore", "pipe", "pipe"] });
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
      `${name.padEnd(40)} median ${m.toFixed(1).padStart(7)} ms  ${(m / floor).toFixed(2).padStart(6)}x node -e 0`,
    );
  }
  const cached = med("crossrole assume (cached)") / floor;
  const cold = awsAssume / med("crossrole assume --no-cache (cold)");
  console.log(
    `cached / node -e 0          = ${cached.toFixed(2)}  (target <= 1.3) ${cached <= 1.3 ? "OK" : "MISSED"}`,
  );
  console.log(
    `aws sts assume-role / cold  = ${cold.toFixed(2)}  (target >= 4)   ${cold >= 4 ? "OK" : "MISSED"}`,
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
