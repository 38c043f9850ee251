// Measures, in ONE run against the emulator, the medians of:
//   node -e 0 (the floor), the credential helper's cached `get`, `crossrole ecr login` (cached token), and
//   `aws ecr get-login-password` (aws CLI v1, assuming the same role through a profile); prints medians and ratios.
//
//   npm run build && npx tsx bench/ecr.ts [--runs N]
import "../test/support/quiet-sdk-node-version-warning.js"; // the SDK's Node-version warning, in this process
import { spawnSync } from "node:child_process";
import { appendFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { TARGET } from "../test/emulator/accounts.js";
import { startEmulator } from "../test/emulator/emulator.js";
import { resolveAwsCli } from "../test/emulator/real-clients.js";
import { cliPath, createEcrWorld, HOST, helperPath, REGION } from "../test/integration/ecr-world.js";

const { values } = parseArgs({ options: { runs: { type: "string", default: "15" } } });
const runs = Number(values.runs);

const emulator = await startEmulator();
try {
  await emulator.reset();
  const world = await createEcrWorld(emulator);
  const { env, sandbox } = world;
  appendFileSync(
    sandbox.credentialsFile,
    `[build]\naws_access_key_id = ${env.AWS_ACCESS_KEY_ID}\naws_secret_access_key = ${env.AWS_SECRET_ACCESS_KEY}\n`,
  );
  appendFileSync(
    sandbox.configFile,
    `[profile deploy]\nrole_arn = arn:aws:iam::${TARGET}:role/deploy\nexternal_id = crossrole-ecr-it-Zk3Lm8Qp2Rt6Vw9Xy4Bn7Cd1Fg5Hj0\nsource_profile = build\nregion = ${REGION}\n`,
  );
  const [awsCommand = "aws", ...awsPrefix] = await resolveAwsCli();
  const node = process.execPath;
  const cases: [string, string, string[], string?][] = [
    ["node -e 0", node, ["-e", "0"]],
    ["docker-credential-crossrole get (cached)", node, [helperPath, "get"], HOST],
    ["crossrole ecr login (cached)", node, [cliPath, "ecr", "login", "deploy"]],
    [
      "aws ecr get-login-password",
      awsCommand,
      [...awsPrefix, "ecr", "get-login-password", "--profile", "deploy", "--region", REGION],
    ],
  ];
  const samples = new Map<string, number[]>(cases.map(([name]) => [name, []]));
  for (let i = 0; i < runs + 1; i++) {
    for (const [name, command, args, input] of cases) {
      const start = process.hrtime.bigint();
      const r = spawnSync(command, args, {
        env,
        cwd: sandbox.dir,
        input: input ?? "",
        stdio: ["pipe", "ignore", "pipe"],
      });
      const ms = Number(process.hrtime.bigint() - start) / 1e6;
      if (r.status !== 0) throw new Error(`${name} exited ${r.status}: ${r.stderr}`);
      if (i > 0) samples.get(name)?.push(ms); // round 0 fills the caches
    }
  }
  const med = (name: string) => median(samples.get(name) ?? []);
  const floor = med("node -e 0");
  const aws = med("aws ecr get-login-password");
  console.log(`runs per case: ${runs}; emulator moto 5.2.1 (patched), auth enforcement on`);
  for (const [name] of cases) {
    const m = med(name);
    console.log(
      `${name.padEnd(42)} median ${m.toFixed(1).padStart(7)} ms  ${(m / floor).toFixed(2).padStart(6)}x node -e 0  ${(aws / m).toFixed(2).padStart(6)}x faster than aws`,
    );
  }
  console.log(`AssumeRole sessions recorded by the emulator: ${(await emulator.sessions()).length}`);
  await sandbox.cleanup();
} finally {
  await emulator.stop();
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] ?? Number.NaN;
}
