// `npm run test:aws`: builds dist/ and runs the acceptance suite when the two admin profiles are given; without
// them it explains what to set and exits 0.
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { explainSettings, readSettings } from "./support/settings.js";

const settings = readSettings();
if ("missing" in settings) {
  console.log(explainSettings(settings.missing));
  process.exit(0);
}
const root = fileURLToPath(new URL("../..", import.meta.url));
const run = (args: string[]) =>
  spawnSync(process.execPath, args, { cwd: root, stdio: "inherit" }).status ?? 1;
console.log(
  `npm run test:aws: target profile ${settings.targetProfile}, BUILD profile ${settings.buildProfile}, region ${settings.region}` +
    (settings.endpoint ? `, endpoint ${settings.endpoint}` : ", real AWS"),
);
if (process.env.CROSSROLE_TEST_SKIP_BUILD !== "1") {
  const built = run(["scripts/build.mjs"]);
  if (built !== 0) process.exit(built);
}
process.exit(run(["node_modules/vitest/vitest.mjs", "run", "--config", "test/acceptance/vitest.config.ts"]));
