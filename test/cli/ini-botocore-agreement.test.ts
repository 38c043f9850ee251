import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { CrossroleError } from "../../src/core/errors.js";
import { removeProfile, writeProfile } from "../../src/workflows/write-profile.js";

/**
 * Property test of the INI editor against botocore's own loader (issue 14, item 6): seeded generated config files
 * with every shape people and tools write (comments, CRLF, lone CR, tabs, BOM, no final newline, quoted and
 * nested section headers, sso-session/services sections, duplicate keys, Latin-1 bytes). For each file crossrole
 * adds a profile, then removes it; botocore reads the three versions in ONE python3 process:
 * - every other profile (and every other section) reads identically after the add, the new profile as intended;
 * - crossrole refuses exactly when botocore already sees a profile of that name (it never appends a second one);
 * - add then remove gives back the original bytes (no file when there was none).
 */

const COUNT = 320;
const NAME = "ourthing";
const ROLE = "arn:aws:iam::111111111111:role/OurThingBuildRole";
const EXTERNAL_ID = "some_key_build";

describe("the INI editor agrees with botocore (seeded property test)", () => {
  const root = mkdtempSync(join(tmpdir(), "crossrole-ini-prop-"));
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it(`keeps ${COUNT} generated config files readable exactly as before`, async () => {
    const random = mulberry32(0x14_06);
    const cases: Case[] = [];
    for (let i = 0; i < COUNT; i++) {
      const dir = join(root, String(i));
      mkdirSync(dir);
      const original = i % 40 === 0 ? undefined : generateConfig(random);
      const paths = { before: join(dir, "before"), added: join(dir, "added"), config: join(dir, "config") };
      if (original !== undefined) {
        writeFileSync(paths.before, original);
        writeFileSync(paths.config, original);
      }
      const files = { configFile: paths.config, credentialsFile: join(dir, "credentials") };
      let refused: string | undefined;
      try {
        await writeProfile({
          files,
          role: { kind: "role", roleArn: ROLE, externalId: EXTERNAL_ID, region: "eu-west-1" },
          source: { kind: "credential-source", source: "Environment" },
          name: NAME,
        });
      } catch (error) {
        if (!(error instanceof CrossroleError)) throw error;
        refused = error.code;
      }
      if (existsSync(paths.config)) writeFileSync(paths.added, readFileSync(paths.config));
      if (refused === undefined) await removeProfile({ files, name: NAME });
      const after = existsSync(paths.config) ? readFileSync(paths.config) : undefined;
      cases.push({ index: i, original, refused, after, paths });
    }

    const read = readWithBotocore(cases.flatMap((c) => [c.paths.before, c.paths.added]));
    let added = 0;
    let refusals = 0;
    let unparsable = 0;
    for (const c of cases) {
      const label = `case ${c.index}: ${JSON.stringify(c.original?.toString("latin1"))}`;
      // add + remove (or a refusal) gives back the original bytes; no file where there was none (or it was empty).
      if (c.original === undefined || c.original.length === 0) expect(c.after, label).toBeUndefined();
      else expect(c.after?.equals(c.original), label).toBe(true);

      const before = c.original === undefined ? EMPTY : read[c.paths.before];
      const after = read[c.paths.added];
      if (before === undefined || after === undefined) throw new Error(`${label}: botocore did not answer`);
      if (c.refused !== undefined) {
        refusals++;
        expect(c.refused, label).toMatch(/^(PROFILE_NOT_MANAGED|DUPLICATE_PROFILE)$/);
        if (before.ok) expect(Object.keys(before.config.profiles), label).toContain(NAME);
        continue;
      }
      added++;
      if (!before.ok) {
        unparsable++;
        expect(after, label).toEqual(before); // botocore failed before: it fails the same way after
        continue;
      }
      expect(Object.keys(before.config.profiles), label).not.toContain(NAME);
      expect(after.ok, label).toBe(true);
      if (!after.ok) continue;
      const { [NAME]: written, ...others } = after.config.profiles;
      expect(others, label).toEqual(before.config.profiles);
      expect({ ...after.config, profiles: others }, label).toEqual(before.config);
      expect(written, label).toEqual({
        role_arn: ROLE,
        external_id: EXTERNAL_ID,
        credential_source: "Environment",
        region: "eu-west-1",
      });
    }
    // The generator must exercise every outcome, or the property proves little.
    expect(added).toBeGreaterThan(150);
    expect(refusals).toBeGreaterThan(10);
    expect(unparsable).toBeGreaterThan(10);
  }, 120_000);
});

// --- botocore, once for all files ---

interface Case {
  index: number;
  original: Buffer | undefined;
  refused: string | undefined;
  after: Buffer | undefined;
  paths: { before: string; added: string; config: string };
}

type BotocoreRead =
  | { ok: true; config: { profiles: Record<string, unknown> } & Record<string, unknown> }
  | { ok: false; error: string };

const EMPTY: BotocoreRead = { ok: true, config: { profiles: {}, sso_sessions: {}, services: {} } };

const SCRIPT = `
import json, sys
import botocore.configloader as c
out = {}
for path in json.load(sys.stdin):
    try:
        out[path] = {"ok": True, "config": c.load_config(path)}
    except c.botocore.exceptions.ConfigNotFound:
        out[path] = {"ok": True, "config": {"profiles": {}, "sso_sessions": {}, "services": {}}}
    except Exception as e:
        out[path] = {"ok": False, "error": type(e).__name__}
print(json.dumps(out))
`;

function readWithBotocore(paths: string[]): Record<string, BotocoreRead> {
  const stdout = execFileSync("python3", ["-c", SCRIPT], {
    input: JSON.stringify(paths),
    env: { ...process.env, LC_ALL: "C.UTF-8", PYTHONUTF8: "1" },
    maxBuffer: 64 * 1024 * 1024,
  });
  return JSON.parse(stdout.toString("utf8")) as Record<string, BotocoreRead>;
}

// --- the generator ---

/** A small seeded PRNG (mulberry32): the same files on every run and machine. */
function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const HEADERS = [
  (n: string) => `[profile ${n}]`,
  (n: string) => `[profile  ${n} ]`,
  (n: string) => `[profile "${n}"]`,
  (n: string) => `[profile '${n}']`,
  (n: string) => `[profiles ${n}]`,
  (n: string) => `[profile\t${n}]`,
  (n: string) => `  [profile ${n}]`,
];
const OTHER_HEADERS = [
  "[default]",
  "[sso-session corp]",
  '[sso-session "corp2"]',
  "[services dev-svc]",
  "[preview]",
  "[profile a b]",
  "[profile]",
  "[plugins]",
];
const USER_NAMES = ["dev", "build", "prod-eu", "a.b", NAME];
const KEYS = ["region", "output", "role_arn", "source_profile", "sso_session", "Region", "endpoint_url"];
const VALUES = ["eu-west-1", "json", "arn:aws:iam::1:role/X", "dev", "http://localhost:4566", "", "a b  c"];

function generateConfig(random: () => number): Buffer {
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
  const chance = (p: number) => random() < p;
  const lines: string[] = [];
  const usedHeaders = new Set<string>();
  const sections = Math.floor(random() * 5);
  if (chance(0.3)) lines.push(pick(["# my config", "; notes", "   # indented", "#"]));
  for (let s = 0; s < sections; s++) {
    let header = chance(0.6) ? pick(HEADERS)(pick(USER_NAMES)) : pick(OTHER_HEADERS);
    if (usedHeaders.has(header.trim())) header = `[profile x${s}]`;
    usedHeaders.add(header.trim());
    lines.push(header);
    const keys = Math.floor(random() * 4);
    const usedKeys = new Set<string>();
    for (let k = 0; k < keys; k++) {
      let key = pick(KEYS);
      if (usedKeys.has(key.toLowerCase()) && !chance(0.15)) key = `k${k}`; // sometimes a duplicate key
      usedKeys.add(key.toLowerCase());
      const sep = pick([" = ", "=", ": ", "\t=\t", " =   "]);
      lines.push(`${chance(0.1) ? "\t" : ""}${key}${sep}${pick(VALUES)}${chance(0.1) ? "  " : ""}`);
      if (chance(0.15)) lines.push(pick(["  max_concurrent_requests = 20", "\taddressing_style = path"]));
      if (chance(0.15)) lines.push(pick(["# caf\u00e9 (Latin-1)", "; comment", ""]));
    }
    if (chance(0.3)) lines.push("");
  }
  if (chance(0.2)) lines.push(pick(["# trailing notes", "", "   "]));
  const eol = pick(["\n", "\n", "\r\n", "\r", "mixed"]);
  let text = "";
  lines.forEach((line, i) => {
    const last = i === lines.length - 1;
    const end = eol === "mixed" ? pick(["\n", "\r\n", "\r"]) : eol;
    text += line + (last && chance(0.3) ? "" : end);
  });
  const bom = chance(0.05) ? "\u00ef\u00bb\u00bf" : "";
  return Buffer.from(bom + text, "latin1");
}
