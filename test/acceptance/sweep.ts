// `npm run test:aws:sweep`: removes what interrupted acceptance runs left in both accounts: resources named crt-…
// whose crossrole-test-run tag names a run that started more than an hour ago (CROSSROLE_TEST_SWEEP_MINUTES).
import { profileClients } from "./support/account-clients.js";
import { removeRunResources } from "./support/remove-run-resources.js";
import { runStartedAt } from "./support/run-id.js";
import { explainSettings, readSettings } from "./support/settings.js";

const settings = readSettings();
if ("missing" in settings) {
  console.log(explainSettings(settings.missing).replace("npm run test:aws:", "npm run test:aws:sweep:"));
  process.exit(0);
}
const minutes = Number(process.env.CROSSROLE_TEST_SWEEP_MINUTES ?? "60");
const cutoff = Date.now() - minutes * 60_000;
let failures = 0;
for (const profile of [settings.targetProfile, settings.buildProfile]) {
  const clients = await profileClients(settings, profile);
  try {
    const outcome = await removeRunResources(clients, (runId) => {
      const started = runStartedAt(runId);
      return started !== undefined && started < cutoff;
    });
    console.log(`account ${clients.accountId} (${profile}): removed ${outcome.removed.length}`);
    for (const what of outcome.removed) console.log(`  removed ${what}`);
    for (const what of outcome.failed) console.log(`  FAILED ${what}`);
    failures += outcome.failed.length;
  } finally {
    clients.destroy();
  }
}
process.exit(failures > 0 ? 6 : 0);
