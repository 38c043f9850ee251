// Measures, in ONE run against the emulator, the medians of:
//   node -e 0 (the floor), the credential helper's cached `get`, `crossrole ecr login` (cached token), and
//   `aws ecr get-login-password` (aws CLI v1, assuming the same role through a profile); prints medians and ratios.
//
//   npm run build && npx tsx bench/ecr.ts [--runs N] [--json]
// NODE_EXTRA_CA_CERTS and AWS_CA_BUNDLE are unset for every case (bench/support/measure-interleaved.ts).
import "../test/support/quiet-sdk-node-version-warning.js"; // the SDK's Node-version warning, in this process
import { appendFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { TARGET } from "../test/emulator/accounts.js";
import { startEmulator } from "../test/emulator/emulator.js";
import { resolveAwsCli } from "../test/emulator/real-clients.js";
import { cliPath, createEcrWorld, HOST, helperPath, REGION } from "../test/integration/ecr-world.js";
import { type BenchCase, jsonMode, measureInterleaved } from "./support/measure-interleaved.js";

const { values } = parseArgs({
  options: {
    runs: { type: "string", default: process.env.CROSSROLE_BENCH_RUNS ?? "15" },
    json: { type: "boolean" },
  },
});
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
  const get = "docker-credential-crossrole get (cached)";
  const login = "crossrole ecr login (cached)";
  const awsLogin = "aws ecr get-login-password";
  const cases: BenchCase[] = [
    { name: "node -e 0", command: node, args: ["-e", "0"] },
    { name: get, command: node, args: [helperPath, "get"], input: HOST },
    { name: login, command: node, args: [cliPath, "ecr", "login", "deploy"] },
    {
      name: awsLogin,
      command: awsCommand,
      args: [...awsPrefix, "ecr", "get-login-password", "--profile", "deploy", "--region", REGION],
    },
  ];
  if (!jsonMode()) console.log(`runs per case: ${runs}; emulator moto 5.2.1 (patched), auth enforcement on`);
  measureInterleaved({
    bench: "ecr",
    cases,
    runs,
    env,
    cwd: sandbox.dir,
    comparisons: [
      { case: get, reference: "node -e 0", direction: "slower", goal: "<= 1.3x" },
      { case: get, reference: awsLogin, direction: "faster" },
      { case: login, reference: awsLogin, direction: "faster" },
      { case: login, reference: "node -e 0", direction: "slower" },
    ],
    rss: [get],
  });
  if (!jsonMode())
    console.log(`AssumeRole sessions recorded by the emulator: ${(await emulator.sessions()).length}`);
  await sandbox.cleanup();
} finally {
  await emulator.stop();
}
