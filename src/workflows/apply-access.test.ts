import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { MemoryIam } from "../../test/unit/support/memory-iam.js";
import { errorToExitCode } from "../cli/exit-codes.js";
import { outcomesExitCode } from "../cli/outcomes-exit-code.js";
import { AwsAuthError, EnvironmentError, InternalError } from "../core/errors.js";
import { applyAccess } from "./apply-access.js";
import type { ConnectSide } from "./connect-side.js";
import { destroyAccess } from "./destroy-access.js";
import { diffAccessLive } from "./diff-access-live.js";

const TARGET = "111111111111";
const BUILD = "222222222222";
let dir: string;
let file: string;
let target: MemoryIam;
let build: MemoryIam;
let connect: ConnectSide;

function spec(n: number, permissions: unknown = { ecr: { push: ["app"] } }) {
  const targets: Record<string, unknown> = {};
  for (let i = 1; i <= n; i++) {
    targets[`t${i}`] = { account: TARGET, role: `Role${i}`, externalId: `ext-${i}-0123456789`, permissions };
  }
  return { version: 1, region: "eu-west-1", build: { account: BUILD, principal: "user/ci" }, targets };
}
async function writeSpec(value: unknown) {
  await writeFile(file, JSON.stringify(value));
}
const apply = (extra: Partial<Parameters<typeof applyAccess>[0]> = {}) =>
  applyAccess({ file, side: "all", connect, confirm: async () => true, retryDelaysMs: [1, 1], ...extra });

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "crossrole-apply-"));
  file = join(dir, "crossrole.yaml");
  target = new MemoryIam(TARGET);
  build = new MemoryIam(BUILD);
  await build.createUser({ userName: "ci", path: "/", tags: {} });
  build.writes.length = 0;
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

describe("applyAccess", () => {
  it("creates everything, then a second apply makes zero writes", async () => {
    await writeSpec(spec(2));
    const first = await apply();
    expect(first.outcomes.map((o) => [o.part, o.status])).toEqual([
      ["t1", "done"],
      ["t2", "done"],
      ["BUILD", "done"],
    ]);
    expect(target.writes.filter((w) => w === "CreateRole")).toHaveLength(2);
    expect(build.writes).toEqual(["PutUserPolicy"]);
    target.writes.length = 0;
    build.writes.length = 0;
    let asked = false;
    const second = await apply({ confirm: async () => (asked = true) });
    expect(second.writeCalls).toBe(0);
    expect(second.preview.totalCalls).toBe(0);
    expect(asked).toBe(false);
    expect([...target.writes, ...build.writes]).toEqual([]);
    expect(second.outcomes.every((o) => o.status === "unchanged")).toBe(true);
  });

  it("a grant over the inline quota goes into managed policies; past IAM's 20 attached policies it is refused", async () => {
    const fleet = (n: number) => {
      const accounts = Array.from({ length: n }, (_, i) => String(300000000000 + i));
      return {
        version: 1,
        region: "eu-west-1",
        build: { account: BUILD, principal: "user/ci" },
        targets: {
          fleet: {
            accounts,
            role: "/platform/builds/crossrole-build-role",
            externalIds: Object.fromEntries(accounts.map((a) => [a, `external-id-${a}`])),
          },
        },
      };
    };
    await writeSpec(fleet(300));
    const split = await apply({ side: "build" });
    expect(split.outcomes.map((o) => [o.part, o.status])).toEqual([["BUILD", "done"]]);
    expect(build.writes.filter((w) => w === "CreatePolicy").length).toBeGreaterThan(1);
    expect(build.writes).not.toContain("PutUserPolicy");
    build.writes.length = 0;
    await writeSpec(fleet(3000));
    const refused = await apply({ side: "build" });
    const outcome = refused.outcomes.find((o) => o.part === "BUILD");
    expect(outcome?.status).toBe("failed");
    expect(outcome?.error?.message).toMatch(
      /needs \d+ customer-managed policies .* more than the 20 IAM lets one user have attached; it was not written/,
    );
    expect(build.writes).toEqual([]);
  });

  it("--side target after a permission change rewrites only the role's policy: zero BUILD writes", async () => {
    await writeSpec(spec(1));
    await apply();
    target.writes.length = 0;
    build.writes.length = 0;
    await writeSpec(spec(1, { ecr: { push: ["app", "other"] } }));
    const result = await apply({ side: "target" });
    expect(target.writes).toEqual(["PutRolePolicy"]);
    expect(build.writes).toEqual([]);
    expect(result.outcomes.map((o) => o.part)).toEqual(["t1"]);
  });

  it("a failing target does not stop the others; the outcome says what was and was not applied", async () => {
    await writeSpec(spec(3));
    await apply();
    await writeSpec(spec(3, { ecr: { push: ["changed"] } }));
    target.deny.add("PutRolePolicy");
    const result = await apply({ side: "target", concurrency: 2 });
    expect(result.outcomes.every((o) => o.status === "failed")).toBe(true);
    expect(result.outcomes[0]?.error?.code).toBe("ACCESS_DENIED");
    expect(result.outcomes[0]?.notApplied.map((c) => c.kind)).toEqual(["PutRolePolicy"]);
  });

  it("a bug while writing one target is that target's outcome as a bug (exit 1), not an AWS refusal", async () => {
    await writeSpec(spec(2));
    await apply();
    await writeSpec(spec(2, { ecr: { push: ["changed"] } }));
    target.putRolePolicy = async () => {
      throw new TypeError("Cannot read properties of undefined (reading 'PolicyName')");
    };
    const result = await apply({ side: "target" });
    const errors = result.outcomes.map((o) => o.error);
    expect(errors.every((e) => e instanceof InternalError)).toBe(true);
    expect(errors[0]?.message).toContain("(a bug in crossrole): TypeError: Cannot read properties");
    expect(errorToExitCode(errors[0])).toBe(1);
    expect(outcomesExitCode(result.outcomes)).toBe(1);
  });

  it("a bug while reading live state ends the run with the bug itself: nothing is written", async () => {
    await writeSpec(spec(2));
    target.getRole = async () => {
      throw new RangeError("Invalid array length");
    };
    await expect(apply()).rejects.toThrow(RangeError);
    expect(target.writes).toEqual([]);
    expect(build.writes).toEqual([]);
  });

  it("refuses a role it does not manage, unless --adopt; other targets proceed", async () => {
    await writeSpec(spec(2));
    await target.createRole({
      roleName: "Role1",
      path: "/",
      trustPolicy: { Version: "2012-10-17", Statement: [] },
      maxSessionDuration: 3600,
      tags: {},
    });
    target.writes.length = 0;
    const refused = await apply();
    expect(refused.outcomes.map((o) => [o.part, o.status])).toEqual([
      ["t1", "refused"],
      ["t2", "done"],
      ["BUILD", "done"],
    ]);
    expect(refused.outcomes[0]?.error?.hint).toMatch(/--adopt/);
    expect(target.writes).toEqual(["CreateRole", "PutRolePolicy"]);
    target.writes.length = 0;
    const adopted = await apply({ adopt: true });
    expect(adopted.outcomes[0]?.status).toBe("done");
    expect(target.writes).toEqual(["UpdateAssumeRolePolicy", "UpdateRole", "TagRole", "PutRolePolicy"]);
  });

  it("a missing BUILD principal: nothing is written, every part says why", async () => {
    build.users.clear();
    await writeSpec(spec(1));
    const result = await apply();
    expect(result.writeCalls).toBe(0);
    expect(target.writes).toEqual([]);
    expect(result.outcomes.map((o) => [o.part, o.status, o.error?.code])).toEqual([
      ["t1", "not-attempted", "BUILD_PRINCIPAL_MISSING"],
      ["BUILD", "failed", "BUILD_PRINCIPAL_MISSING"],
    ]);
    expect(result.outcomes[1]?.error?.hint).toMatch(/--create-build-user/);
  });

  it("--create-build-user creates the user and one key first, hands the key over, then applies", async () => {
    build.users.clear();
    await writeSpec(spec(1));
    const keys: string[] = [];
    const result = await apply({
      createBuildUser: true,
      onAccessKey: async (k) => void keys.push(k.accessKeyId),
    });
    expect(keys).toEqual(["AKIAEXAMPLE000000001"]);
    expect(build.writes).toEqual(["CreateUser", "CreateAccessKey", "PutUserPolicy"]);
    expect(result.outcomes.map((o) => o.status)).toEqual(["done", "done"]);
    expect(result.writeCalls).toBe(5);
  });

  it("--create-build-user: when the key cannot be handed over, the key and the user are deleted again; a second run starts over", async () => {
    build.users.clear();
    await writeSpec(spec(1));
    const failed = await apply({
      createBuildUser: true,
      onAccessKey: async () => {
        throw new EnvironmentError("WRITE_FAILED", "could not write ci-key.json: permission denied");
      },
    });
    expect(build.writes).toEqual(["CreateUser", "CreateAccessKey", "DeleteAccessKey", "DeleteUser"]);
    expect(build.users.has("ci")).toBe(false);
    expect(target.writes).toEqual([]);
    expect(failed.outcomes.map((o) => [o.part, o.status, o.error?.code, o.error?.kind])).toEqual([
      ["t1", "not-attempted", "DEPENDENCY_FAILED", "environment"],
      ["BUILD", "failed", "WRITE_FAILED", "environment"],
    ]);
    expect(failed.outcomes[1]?.notes).toEqual([
      "deleted the new access key AKIAEXAMPLE000000001 again: it was never handed over",
      "deleted IAM user arn:aws:iam::222222222222:user/ci again, so the next run creates it with a key",
    ]);

    build.writes.length = 0;
    const keys: string[] = [];
    const again = await apply({
      createBuildUser: true,
      onAccessKey: async (k) => void keys.push(k.accessKeyId),
    });
    expect(keys).toEqual(["AKIAEXAMPLE000000001"]);
    expect(again.outcomes.map((o) => o.status)).toEqual(["done", "done"]);
  });

  it("--create-build-user: a rollback IAM refuses is reported with the command that finishes it", async () => {
    build.users.clear();
    build.deny.add("DeleteAccessKey");
    await writeSpec(spec(1));
    const failed = await apply({
      createBuildUser: true,
      onAccessKey: async () => {
        throw new EnvironmentError("WRITE_FAILED", "disk full");
      },
    });
    expect(failed.outcomes[1]?.notes[0]).toMatch(
      /^could not delete the new access key AKIAEXAMPLE000000001, which nobody has \(.*\); delete it: aws iam delete-access-key --user-name ci --access-key-id AKIAEXAMPLE000000001$/,
    );
  });

  it("stops before any read or write when a credential is in the wrong account", async () => {
    await writeSpec(spec(1));
    const wrong: ConnectSide = async (r) => ({
      ...(await connect(r)),
      identity: { account: "999999999999", arn: "arn:aws:iam::999999999999:user/x", userId: "x" },
    });
    await expect(apply({ connect: wrong })).rejects.toMatchObject({
      code: "ACCOUNT_MISMATCH",
      kind: "aws-auth",
    });
    await expect(apply({ connect: wrong })).rejects.toThrow(
      /999999999999.*111111111111|999999999999.*222222222222/s,
    );
    expect(target.writes).toEqual([]);
  });

  it("IAM eventual consistency: a call right after CreateRole that meets NoSuchEntity is retried (bounded)", async () => {
    await writeSpec(spec(1));
    const put = target.putRolePolicy.bind(target);
    let failures = 1;
    target.putRolePolicy = async (...args) => {
      if (failures-- > 0) throw new AwsAuthError("NO_SUCH_ENTITY", "not yet visible");
      return put(...args);
    };
    const result = await apply();
    expect(result.outcomes[0]?.status).toBe("done");
    expect(target.writes).toEqual(["CreateRole", "PutRolePolicy"]);
  });

  it("declined: nothing written", async () => {
    await writeSpec(spec(1));
    const result = await apply({ confirm: async () => false });
    expect(result.executed).toBe(false);
    expect(target.writes).toEqual([]);
    expect(result.outcomes.every((o) => o.status === "not-attempted")).toBe(true);
  });

  it("runs many targets with bounded concurrency", async () => {
    await writeSpec(spec(20));
    let inFlight = 0;
    let peak = 0;
    const slow: ConnectSide = async (r) => {
      const c = await connect(r);
      const iam = Object.create(c.iam) as typeof c.iam;
      iam.createRole = async (input) => {
        inFlight++;
        peak = Math.max(peak, inFlight);
        await new Promise((done) => setTimeout(done, 5));
        await c.iam.createRole(input);
        inFlight--;
      };
      return { ...c, iam };
    };
    const result = await apply({ connect: slow, concurrency: 8 });
    expect(result.outcomes.filter((o) => o.status === "done")).toHaveLength(21);
    expect(peak).toBe(8);
  });
});

describe("diffAccessLive", () => {
  it("no drift after apply; drift after an out-of-band change", async () => {
    await writeSpec(spec(1));
    await apply();
    expect((await diffAccessLive({ file, side: "all", connect })).drift).toBe(false);
    (target.roles.get("Role1") as { info: { maxSessionDuration: number } }).info.maxSessionDuration = 7200;
    const drifted = await diffAccessLive({ file, side: "all", connect });
    expect(drifted.drift).toBe(true);
    expect(drifted.preview.targets[0]?.diff?.maxSessionDuration).toEqual({ live: 7200, desired: 3600 });
  });
});

describe("destroyAccess", () => {
  it("removes what crossrole created and keeps a role it does not manage", async () => {
    await writeSpec(spec(2));
    await apply();
    delete target.roles.get("Role2")?.tags["managed-by"];
    target.writes.length = 0;
    const result = await destroyAccess({ file, side: "all", connect, confirm: async () => true });
    expect(target.roles.has("Role1")).toBe(false);
    expect(target.roles.has("Role2")).toBe(true);
    expect(target.writes).toEqual(["DeleteRolePolicy", "DeleteRole"]);
    expect(build.writes).toContain("DeleteUserPolicy");
    expect(result.outcomes.map((o) => [o.part, o.status])).toEqual([
      ["t1", "done"],
      ["t2", "unchanged"],
      ["BUILD", "done"],
    ]);
  });

  it("destroying one target narrows the BUILD grant to the others", async () => {
    await writeSpec(spec(2));
    await apply();
    build.writes.length = 0;
    await destroyAccess({ file, side: "all", targets: ["t1"], connect, confirm: async () => true });
    expect(build.writes).toEqual(["PutUserPolicy"]);
    const grant = build.users.get("ci")?.inline.get("crossrole-assume-targets");
    expect(JSON.stringify(grant)).not.toContain("Role1");
    expect(JSON.stringify(grant)).toContain("Role2");
  });
});
