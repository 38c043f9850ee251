// Measures, in ONE run against the emulator, the medians of:
//   node -e 0 (the floor), crossrole assume cold (--no-cache) and cached, `aws sts assume-role` (aws CLI v1),
//   and a profile-based `aws sts get-caller-identity --profile`; prints medians and ratios.
// Goals: cached <= 1.2x node -e 0; cold >= 4x faster than aws sts assume-role; empty cache directory (a fresh
// CI runner's first call): >= 4x faster than aws and <= 3x node -e 0, and <= 3x node with --role-arn.
//
//   npm run build && npx tsx bench/assume.ts [--runs N] [--json]      (CROSSROLE_CLI=path overrides dist/crossrole.cjs)
import "../test/support/quiet-sdk-node-version-warning.js"; // the SDK's Node-version warning, in this process
import { appendFileSync, mkdirSync, rmSync } from "node:fs";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { startEmulator } from "../test/emulator/emulator.js";
import { resolveAwsCli } from "../test/emulator/real-clients.js";
import { cliPath, createAssumeWorld, EXTERNAL_ID, ROLE_ARN } from "../test/integration/assume-world.js";
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
  // NODE_EXTRA_CA_CERTS and AWS_CA_BUNDLE are dropped for every case by measureInterleaved: a CA bundle parsed at
  // start-up (~40 ms) that no case uses (the emulator is plain http on loopback) would flatter the ratios.
  const aws = await resolveAwsCli();
  const [awsCommand = "aws", ...awsPrefix] = aws;
  const node = process.execPath;
  const cached = "crossrole assume (cached)";
  const cold = "crossrole assume --no-cache (cold)";
  const awsAssume = "aws sts assume-role";
  const empty = "crossrole assume (cold, empty cache dir)";
  const emptyRole = "crossrole assume --role-arn (cold, empty cache dir)";
  // An empty (0700) cache directory before every run of the empty-cache cases, made before the clock starts:
  // every ephemeral CI runner's first call.
  const emptyDir = join(sandbox.dir, "empty-cache");
  const emptyCache = () => {
    rmSync(emptyDir, { recursive: true, force: true });
    mkdirSync(emptyDir, { mode: 0o700 });
  };
  const cases: BenchCase[] = [
    { name: "node -e 0", command: node, args: ["-e", "0"] },
    { name: cached, command: node, args: [cliPath, "assume", "deploy", "-c", world.specPath] },
    { name: cold, command: node, args: [cliPath, "assume", "deploy", "-c", world.specPath, "--no-cache"] },
    {
      name: empty,
      command: node,
      args: [cliPath, "assume", "deploy", "-c", world.specPath],
      env: { CROSSROLE_CACHE_DIR: emptyDir },
      before: emptyCache,
    },
    {
      name: emptyRole,
      command: node,
      args: [cliPath, "assume", "--role-arn", ROLE_ARN, "--external-id", EXTERNAL_ID],
      env: { CROSSROLE_CACHE_DIR: emptyDir },
      before: emptyCache,
    },
    {
      name: awsAssume,
      command: awsCommand,
      args: [
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
    },
    {
      name: "aws sts get-caller-identity --profile",
      command: awsCommand,
      args: [...awsPrefix, "sts", "get-caller-identity", "--profile", "deploy"],
    },
  ];
  if (!jsonMode()) console.log(`runs per case: ${runs}; emulator moto 5.2.1 (patched), auth enforcement on`);
  measureInterleaved({
    bench: "assume",
    cases,
    runs,
    env,
    cwd: sandbox.dir,
    defaultReference: "node -e 0",
    comparisons: [
      { case: cached, reference: "node -e 0", direction: "slower", goal: "<= 1.2x" },
      { case: cold, reference: awsAssume, direction: "faster", goal: ">= 4x" },
      { case: cold, reference: "node -e 0", direction: "slower" },
      { case: empty, reference: awsAssume, direction: "faster", goal: ">= 4x" },
      { case: empty, reference: "node -e 0", direction: "slower", goal: "<= 3x" },
      { case: emptyRole, reference: "node -e 0", direction: "slower", goal: "<= 3x" },
    ],
    rss: [cached, cold, empty],
  });
  const sessions = await emulator.sessions();
  if (!jsonMode()) console.log(`AssumeRole sessions recorded by the emulator: ${sessions.length}`);
  await sandbox.cleanup();
} finally {
  await emulator.stop();
}
