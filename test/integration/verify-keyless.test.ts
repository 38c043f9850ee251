// `crossrole verify` with a web identity (#17): from a CI job that has only a token file, verify proves the BUILD
// hop with the token (accepted; a forged copy refused by the emulator's signature check), judges what a real token
// cannot prove (another sub, another aud) from the BUILD role's live trust and says so, then runs the ExternalId
// checks from the BUILD role session. An aud-only trust (written with the admin API) fails (exit 4).
import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { UpdateAssumeRolePolicyCommand } from "@aws-sdk/client-iam";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { VerifyCheck } from "../../src/core/verify/verify-checks.js";
import { BUILD, policy, TARGET } from "../emulator/accounts.js";
import {
  GITHUB_ISSUER,
  type OidcIssuer,
  routeIssuerToEmulator,
  startOidcIssuer,
} from "../emulator/oidc-issuer.js";
import { useEmulator } from "../emulator/use-emulator.js";
import { expectDocument } from "../support/output-schemas.js";
import { type AccessWorld, ADMIN_FLAGS, createAccessWorld, iamAs } from "./access-fixture.js";

const emulator = useEmulator({ reset: "test" });
const GH = "token.actions.githubusercontent.com";
const MAIN = "repo:acme/app:ref:refs/heads/main";
const BUILD_ROLE = `arn:aws:iam::${BUILD}:role/ci-deployer`;
const PROVIDER = `arn:aws:iam::${BUILD}:oidc-provider/${GH}`;
const SPEC = {
  version: 1,
  region: "eu-west-1",
  build: { account: BUILD, principal: "role/ci-deployer", oidc: { provider: "github", subjects: [MAIN] } },
  targets: {
    ourthing: {
      account: TARGET,
      role: "OurThingBuildRole",
      externalId: "crossrole-keyless-7Qv2mK9pL4sT8wZ1nB6cD3f",
    },
  },
};

interface Evidence {
  build: { checks: VerifyCheck[] };
  targets: Array<{ name: string; checks: VerifyCheck[] }>;
  caller: { arn: string };
  summary: { ok: boolean; fail: number };
}

let github: OidcIssuer;
let world: AccessWorld | undefined;
beforeAll(async () => {
  github = await startOidcIssuer(GITHUB_ISSUER);
});
afterAll(async () => {
  await github?.close();
});
afterEach(async () => {
  await world?.dispose();
  world = undefined;
});

/** A CI job's environment: only the token file (and the SDKs' role variable), no keys, no profile. */
async function ciJob(w: AccessWorld): Promise<Record<string, string>> {
  const file = join(w.sandbox.dir, "token");
  await writeFile(file, github.mint({ sub: MAIN }));
  return { AWS_WEB_IDENTITY_TOKEN_FILE: file, AWS_ROLE_ARN: BUILD_ROLE };
}

function statuses(checks: readonly VerifyCheck[]): Record<string, string> {
  return Object.fromEntries(
    checks
      .filter((c) => c.id.startsWith("web-identity-"))
      .map((c) => [c.id, `${c.status}:${c.severity ?? ""}`]),
  );
}

describe("verify with a web identity", () => {
  it("passes on a good keyless setup; an aud-only BUILD trust fails (exit 4); without BUILD admin the static checks fail as not judged", async () => {
    await routeIssuerToEmulator(emulator, github);
    world = await createAccessWorld(emulator);
    await world.writeSpec(SPEC);
    expect((await world.run(["apply", "--yes", ...ADMIN_FLAGS])).code).toBe(0);
    const job = await ciJob(world);
    const token = github.mint({ sub: MAIN });
    await writeFile(job.AWS_WEB_IDENTITY_TOKEN_FILE as string, token);

    const good = await world.run(["verify", "--json", ...ADMIN_FLAGS], { env: job });
    expect(good.stderr).toBe("crossrole: using spec crossrole.yaml\n");
    const evidence = expectDocument("verify", good.stdout) as unknown as Evidence;
    expect(statuses(evidence.build.checks)).toEqual({
      "web-identity-accepted": "pass:",
      "web-identity-forged-refused": "pass:",
      "web-identity-sub-pinned": "pass:",
      "web-identity-aud-pinned": "pass:",
      "web-identity-expired-refused": "info:info",
    });
    const byId = new Map(evidence.build.checks.map((c) => [c.id, c]));
    expect(byId.get("web-identity-forged-refused")?.detail).toBe("refused (InvalidIdentityTokenException)");
    expect(byId.get("web-identity-sub-pinned")?.detail).toContain(
      `judged from the live trust policy of ${BUILD_ROLE}, not by a token`,
    );
    // The ExternalId checks ran from the BUILD role session the token gave.
    expect(evidence.caller.arn).toBe(`arn:aws:sts::${BUILD}:assumed-role/ci-deployer/crossrole-verify`);
    const target = evidence.targets[0]?.checks ?? [];
    expect(target.filter((c) => c.id.startsWith("assume-")).map((c) => [c.id, c.status])).toEqual([
      ["assume-with-external-id", "pass"],
      ["assume-without-external-id", "pass"],
      ["assume-with-wrong-external-id", "pass"],
    ]);
    expect(good.code).toBe(0);
    expect(evidence.summary.ok).toBe(true);
    // The token never appears in the evidence.
    expect(good.stdout).not.toContain(token.split(".")[2]);

    // The text report labels the static judgement.
    const text = await world.run(["verify", "--no-color", ...ADMIN_FLAGS], { env: job });
    expect(text.code).toBe(0);
    expect(text.stdout).toContain("a forged token (payload changed) is refused");
    expect(text.stdout).toContain("judged from the live trust policy");
    // The HTML evidence page shows the same checks, without the token.
    const page = join(world.sandbox.dir, "evidence.html");
    expect((await world.run(["verify", "-q", "--html", page, ...ADMIN_FLAGS], { env: job })).code).toBe(0);
    const html = await readFile(page, "utf8");
    expect(html).toContain("a forged token (payload changed) is refused");
    expect(html).toContain("web-identity-sub-pinned");
    expect(html).not.toContain(token.split(".")[2]);

    // Without BUILD admin credentials the sub/aud checks cannot be judged: a failure, not a pass.
    const blind = await world.run(["verify", "--json", "--target-profile", "target-admin"], { env: job });
    expect(blind.code).toBe(4);
    const blindEvidence = expectDocument("verify", blind.stdout) as unknown as Evidence;
    expect(statuses(blindEvidence.build.checks)["web-identity-sub-pinned"]).toBe("fail:error");
    expect(blindEvidence.build.checks.find((c) => c.id === "web-identity-sub-pinned")?.detail).toMatch(
      /^could not be judged: no BUILD admin credentials/,
    );

    // An aud-only trust (any repository on GitHub): the token is still accepted, but verify fails (exit 4).
    await iamAs(emulator, world.buildAdmin).send(
      new UpdateAssumeRolePolicyCommand({
        RoleName: "ci-deployer",
        PolicyDocument: JSON.stringify(
          policy({
            Effect: "Allow",
            Principal: { Federated: PROVIDER },
            Action: "sts:AssumeRoleWithWebIdentity",
            Condition: { StringEquals: { [`${GH}:aud`]: "sts.amazonaws.com" } },
          }),
        ),
      }),
    );
    const audOnly = await world.run(["verify", "--json", ...ADMIN_FLAGS], { env: job });
    expect(audOnly.code).toBe(4);
    const bad = expectDocument("verify", audOnly.stdout) as unknown as Evidence;
    expect(statuses(bad.build.checks)).toMatchObject({
      "web-identity-accepted": "pass:",
      "web-identity-forged-refused": "pass:",
      "web-identity-sub-pinned": "fail:critical",
      "web-identity-aud-pinned": "pass:",
    });
    expect(bad.summary.ok).toBe(false);
  });

  it("a real token the BUILD role refuses: the forged copy's refusal proves nothing, so it is not judged (a failure)", async () => {
    await routeIssuerToEmulator(emulator, github);
    world = await createAccessWorld(emulator);
    await world.writeSpec(SPEC);
    expect((await world.run(["apply", "--yes", ...ADMIN_FLAGS])).code).toBe(0);
    const job = await ciJob(world);
    // A real, correctly signed token of another repository: the trust pins sub to MAIN, so AWS refuses it, and
    // would refuse any copy of it whatever its signature.
    await writeFile(
      job.AWS_WEB_IDENTITY_TOKEN_FILE as string,
      github.mint({ sub: "repo:acme/other:ref:refs/heads/main" }),
    );
    // The BUILD credentials for the rest of verify come from a profile (the token cannot give any): only the web
    // identity probes use the token.
    const env = { AWS_WEB_IDENTITY_TOKEN_FILE: job.AWS_WEB_IDENTITY_TOKEN_FILE as string };
    const run = await world.run(["verify", "--json", "--source-profile", "build-admin", ...ADMIN_FLAGS], {
      env,
    });
    expect(run.code).toBe(4);
    const evidence = expectDocument("verify", run.stdout) as unknown as Evidence;
    expect(statuses(evidence.build.checks)).toMatchObject({
      "web-identity-accepted": "fail:error",
      "web-identity-forged-refused": "fail:error",
    });
    expect(evidence.build.checks.find((c) => c.id === "web-identity-forged-refused")?.detail).toMatch(
      /^could not be judged: the real token was not accepted either/,
    );
    expect(evidence.summary.ok).toBe(false);
  });
});
