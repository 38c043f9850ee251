import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { MemoryIam } from "../../test/unit/support/memory-iam.js";
import { applyAccess } from "./apply-access.js";
import type { ConnectSide } from "./connect-side.js";
import { destroyAccess } from "./destroy-access.js";
import { diffAccessLive } from "./diff-access-live.js";

const TARGET = "111111111111";
const BUILD = "222222222222";
const PROVIDER = `arn:aws:iam::${BUILD}:oidc-provider/token.actions.githubusercontent.com`;
const SPEC = {
  version: 1,
  region: "eu-west-1",
  build: {
    account: BUILD,
    principal: "role/ci-deployer",
    oidc: { provider: "github", subjects: ["repo:acme/app:ref:refs/heads/main"] },
  },
  targets: { app: { account: TARGET, role: "AppRole", externalId: "ext-0123456789abcdef" } },
};

let dir: string;
let file: string;
let target: MemoryIam;
let build: MemoryIam;
let connect: ConnectSide;

const apply = (extra: Partial<Parameters<typeof applyAccess>[0]> = {}) =>
  applyAccess({ file, side: "all", connect, confirm: async () => true, retryDelaysMs: [1, 1], ...extra });
const destroy = () => destroyAccess({ file, side: "all", connect, confirm: async () => true });
const diff = () => diffAccessLive({ file, side: "all", connect });

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "crossrole-keyless-"));
  file = join(dir, "crossrole.json");
  await writeFile(file, JSON.stringify(SPEC));
  target = new MemoryIam(TARGET);
  build = new MemoryIam(BUILD);
  connect = async (request) => {
    const iam = request.side === "build" ? build : target;
    return {
      iam,
      identity: { account: iam.account, arn: `arn:aws:iam::${iam.account}:user/admin`, userId: "AIDA" },
      source: "test",
    };
  };
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe("keyless builds: apply, diff, destroy", () => {
  it("creates the provider and the BUILD role before the targets, then the grant; a second run writes nothing", async () => {
    expect((await diff()).drifting).toEqual(["app", "BUILD"]);
    const first = await apply();
    expect(first.outcomes.map((o) => [o.part, o.status])).toEqual([
      ["app", "done"],
      ["BUILD", "done"],
    ]);
    expect(build.writes).toEqual(["CreateOpenIDConnectProvider", "CreateRole", "PutRolePolicy"]);
    expect(build.oidcProviders.get(PROVIDER)).toEqual({
      url: "token.actions.githubusercontent.com",
      clientIds: ["sts.amazonaws.com"],
      tags: { "managed-by": "crossrole" },
    });
    const role = build.roles.get("ci-deployer");
    expect(role?.info.trustPolicy.Statement[0]).toMatchObject({
      Principal: { Federated: PROVIDER },
      Action: "sts:AssumeRoleWithWebIdentity",
    });
    expect([...(role?.inline.keys() ?? [])]).toEqual(["crossrole-assume-targets"]);
    build.writes.length = 0;
    const second = await apply();
    expect(second.writeCalls).toBe(0);
    expect((await diff()).drift).toBe(false);
  });

  it("reports drift of the BUILD role's trust and of the provider's audience, and apply repairs both", async () => {
    await apply();
    await build.updateAssumeRolePolicy("ci-deployer", {
      Version: "2012-10-17",
      Statement: [
        { Effect: "Allow", Principal: { Federated: PROVIDER }, Action: "sts:AssumeRoleWithWebIdentity" },
      ],
    });
    const provider = build.oidcProviders.get(PROVIDER);
    if (provider) provider.clientIds = ["other"];
    const drift = await diff();
    expect(drift.drifting).toEqual(["BUILD"]);
    expect(drift.preview.build?.oidcCalls?.map((c) => c.kind)).toEqual([
      "AddClientIDToOpenIDConnectProvider",
      "UpdateAssumeRolePolicy",
    ]);
    build.writes.length = 0;
    await apply();
    expect(build.writes).toEqual(["AddClientIDToOpenIDConnectProvider", "UpdateAssumeRolePolicy"]);
    expect(build.oidcProviders.get(PROVIDER)?.clientIds).toEqual(["other", "sts.amazonaws.com"]);
    expect((await diff()).drift).toBe(false);
  });

  it("refuses someone else's provider unless --adopt, which tags it and adds the audience (never removes a client ID)", async () => {
    await build.createOidcProvider({
      url: "https://token.actions.githubusercontent.com",
      clientIds: ["x"],
      tags: {},
    });
    build.writes.length = 0;
    const refused = await apply();
    expect(refused.outcomes.find((o) => o.part === "BUILD")).toMatchObject({
      status: "refused",
      error: { code: "UNMANAGED_ROLE" },
    });
    expect(build.writes).toEqual([]);
    await apply({ adopt: true });
    expect(build.writes.slice(0, 3)).toEqual([
      "AddClientIDToOpenIDConnectProvider",
      "TagOpenIDConnectProvider",
      "CreateRole",
    ]);
    expect(build.oidcProviders.get(PROVIDER)?.clientIds).toEqual(["x", "sts.amazonaws.com"]);
  });

  it("destroy removes the grant, the BUILD role and the provider; a provider another role trusts stays", async () => {
    await apply();
    await build.createRole({
      roleName: "other-team",
      path: "/",
      maxSessionDuration: 3600,
      tags: {},
      trustPolicy: {
        Version: "2012-10-17",
        Statement: [
          { Effect: "Allow", Principal: { Federated: PROVIDER }, Action: "sts:AssumeRoleWithWebIdentity" },
        ],
      },
    });
    build.writes.length = 0;
    const kept = await destroy();
    expect(build.writes).toEqual(["DeleteRolePolicy", "DeleteRole"]);
    expect(build.oidcProviders.has(PROVIDER)).toBe(true);
    expect(kept.outcomes.find((o) => o.part === "BUILD")?.notes.join("\n")).toContain(
      "another role trusts it (arn:aws:iam::222222222222:role/other-team)",
    );
    await build.deleteRole("other-team");
    await apply();
    build.writes.length = 0;
    await destroy();
    expect(build.writes).toEqual(["DeleteRolePolicy", "DeleteRole", "DeleteOpenIDConnectProvider"]);
    expect(build.roles.size).toBe(0);
    expect(build.oidcProviders.size).toBe(0);
  });
});
