import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { AccessKeyInfo, AccessKeyPort } from "../core/ports/access-key-port.js";
import type { StsProbe } from "../core/ports/sts-probe-port.js";
import { rotateBuildKey } from "./rotate-build-key.js";

let dir: string;
let file: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "crossrole-rotate-"));
  file = join(dir, "crossrole.yaml");
  await writeFile(
    file,
    `version: 1
region: eu-west-1
build: { account: "222222222222", principal: user/ci }
targets:
  web: { account: "111111111111", role: Web, externalId: Xq7Lm2Rz9Kp4Vt8Wn3Bc6Df1Gh5Jk0YaTe2Su7Qi }
`,
  );
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

function fakeKeys(initial: AccessKeyInfo[]): AccessKeyPort & { log: string[]; keys: AccessKeyInfo[] } {
  const keys = [...initial];
  const log: string[] = [];
  return {
    keys,
    log,
    listAccessKeys: async () => [...keys],
    createAccessKey: async () => {
      keys.push({ accessKeyId: "AKIANEW", status: "Active" });
      log.push("create");
      return { accessKeyId: "AKIANEW", secretAccessKey: "secret" };
    },
    setAccessKeyStatus: async (_u, id, status) => {
      log.push(`${status} ${id}`);
      const k = keys.find((x) => x.accessKeyId === id);
      if (k !== undefined) k.status = status;
    },
    deleteAccessKey: async (_u, id) => {
      log.push(`delete ${id}`);
      keys.splice(
        keys.findIndex((x) => x.accessKeyId === id),
        1,
      );
    },
  };
}

const sts = (ok: boolean): StsProbe => ({
  whoAmI: async () => ({ identity: { account: "", arn: "", userId: "" } }),
  probeIdentity: async () => ({ outcome: { result: "allowed" } }),
  tryAssumeRole: async () => ({
    outcome: ok ? { result: "allowed" } : { result: "denied", code: "AccessDenied" },
  }),
});

function options(keys: AccessKeyPort, works: boolean, adminArn = "arn:aws:iam::222222222222:user/admin") {
  return {
    file,
    connectKeys: async () => ({ keys, identity: { account: "222222222222", arn: adminArn, userId: "" } }),
    stsWith: () => sts(works),
    onAccessKey: async () => undefined,
    delaysMs: [],
  };
}

describe("rotateBuildKey (fake IAM)", () => {
  it("deactivates, then deletes the old key once the new one works", async () => {
    const keys = fakeKeys([{ accessKeyId: "AKIAOLD", status: "Active" }]);
    const result = await rotateBuildKey(options(keys, true));
    expect(keys.log).toEqual(["create", "Inactive AKIAOLD", "delete AKIAOLD"]);
    expect(result.oldKeys).toEqual([{ accessKeyId: "AKIAOLD", action: "deleted" }]);
  });

  it("leaves the old key active when the new one cannot assume a target", async () => {
    const keys = fakeKeys([{ accessKeyId: "AKIAOLD", status: "Active" }]);
    const result = await rotateBuildKey(options(keys, false));
    expect(result.stopped).toMatch(/could not assume web; the old key was left active/);
    expect(keys.log).toEqual(["create"]);
  });

  it("when the admin credentials are the BUILD user itself, deletes without deactivating first", async () => {
    const keys = fakeKeys([{ accessKeyId: "AKIAOLD", status: "Active" }]);
    await rotateBuildKey(options(keys, true, "arn:aws:iam::222222222222:user/ci"));
    expect(keys.log).toEqual(["create", "delete AKIAOLD"]);
  });

  it("deletes the new key again when it cannot be stored", async () => {
    const keys = fakeKeys([]);
    await expect(
      rotateBuildKey({
        ...options(keys, true),
        onAccessKey: async () => {
          throw new Error("disk full");
        },
      }),
    ).rejects.toThrow(/disk full/);
    expect(keys.log).toEqual(["create", "delete AKIANEW"]);
  });
});
