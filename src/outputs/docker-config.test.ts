import { describe, expect, it } from "vitest";
import { CrossroleError } from "../core/errors.js";
import {
  addCredHelpers,
  addDockerAuths,
  emptyDockerEntriesState,
  parseDockerConfig,
  parseDockerEntriesState,
  removeCrossroleEntries,
  renderDockerConfigChange,
  renderDockerEntriesState,
} from "./docker-config.js";

const H = "111111111111.dkr.ecr.eu-west-1.amazonaws.com";
const H2 = "333333333333.dkr.ecr.eu-west-1.amazonaws.com";
const login = (host: string, password = "tok") => ({ host, username: "AWS", password });
const b64 = (t: string) => Buffer.from(t).toString("base64");

describe("parseDockerConfig", () => {
  it.each([
    ["", {}],
    ["  \n", {}],
    ['{"auths":{}}', { auths: {} }],
  ])("parses %j", (text, expected) => {
    expect(parseDockerConfig(text, "c.json")).toEqual(expected);
  });

  it.each([
    ['{\n  "a": 1,\n}', /^c\.json:3:1: not valid JSON/],
    ['{"a": }', /^c\.json:1:7: not valid JSON/],
    ["[1]", /top level is not a JSON object/],
    ["null", /top level is not a JSON object/],
  ])("rejects %j with its position", (text, message) => {
    let error: unknown;
    try {
      parseDockerConfig(text, "c.json");
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(CrossroleError);
    expect((error as CrossroleError).code).toBe("DOCKER_CONFIG_INVALID");
    expect((error as Error).message).toMatch(message);
  });

  it("does not quote the file's content", () => {
    expect(() => parseDockerConfig('{"auths":{"h":{"auth":"c2VjcmV0"}},}', "c.json")).toThrow(
      /^(?!.*c2VjcmV0)/s,
    );
  });
});

describe("addDockerAuths", () => {
  it("adds base64(AWS:token), keeps every other key and entry", () => {
    const config = { auths: { other: { auth: "x" } }, psFormat: "p", proxies: { default: {} } };
    const change = addDockerAuths(config, emptyDockerEntriesState(), [login(H), login(H2, "t2")]);
    expect(change.changed).toBe(true);
    expect(change.config).toEqual({
      auths: { other: { auth: "x" }, [H]: { auth: b64("AWS:tok") }, [H2]: { auth: b64("AWS:t2") } },
      psFormat: "p",
      proxies: { default: {} },
    });
    expect(Object.keys(change.state.auths)).toEqual([H, H2]);
    expect(renderDockerEntriesState(change.state)).not.toContain("tok");
    expect(change.notices).toEqual([]);
    expect(config.auths).toEqual({ other: { auth: "x" } });
  });

  it("is unchanged when the same login is already there", () => {
    const first = addDockerAuths({}, emptyDockerEntriesState(), [login(H)]);
    const again = addDockerAuths(first.config, first.state, [login(H)]);
    expect(again.changed).toBe(false);
  });

  it("notices a replaced foreign entry, a credsStore and a credHelpers route", () => {
    const config = {
      auths: { [H]: { auth: "theirs" } },
      credsStore: "desktop",
      credHelpers: { [H2]: "ecr-login" },
    };
    const change = addDockerAuths(config, emptyDockerEntriesState(), [login(H), login(H2)]);
    expect(change.notices.join("\n")).toContain(`replaced the existing auths entry for ${H}`);
    expect(change.notices.join("\n")).toContain('"credsStore": "desktop"');
    expect(change.notices.join("\n")).toContain(`routes ${H2} to the credential helper "ecr-login"`);
    expect(change.config.credsStore).toBe("desktop");
  });
});

describe("removeCrossroleEntries", () => {
  const added = addDockerAuths({ auths: { other: { auth: "x" } }, k: 1 }, emptyDockerEntriesState(), [
    login(H),
    login(H2),
  ]);

  it("removes only what crossrole recorded", () => {
    const removal = removeCrossroleEntries(added.config, added.state);
    expect(removal.removed).toEqual([`auths:${H}`, `auths:${H2}`]);
    expect(removal.config).toEqual({ auths: { other: { auth: "x" } }, k: 1 });
    expect(removal.state).toEqual(emptyDockerEntriesState());
  });

  it("removes only the named hosts", () => {
    const removal = removeCrossroleEntries(added.config, added.state, [H2]);
    expect(removal.removed).toEqual([`auths:${H2}`]);
    expect(Object.keys(removal.state.auths)).toEqual([H]);
  });

  it("keeps an entry that changed since, and forgets it", () => {
    const config = { ...added.config, auths: { ...(added.config.auths as object), [H]: { auth: "new" } } };
    const removal = removeCrossroleEntries(config, added.state, [H]);
    expect(removal.removed).toEqual([]);
    expect((removal.config.auths as Record<string, unknown>)[H]).toEqual({ auth: "new" });
    expect(removal.notices[0]).toContain("changed since crossrole wrote it");
    expect(removal.state.auths[H]).toBeUndefined();
  });

  it("never removes an entry it did not record", () => {
    const removal = removeCrossroleEntries({ auths: { [H]: { auth: "x" } } }, emptyDockerEntriesState(), [H]);
    expect(removal.removed).toEqual([]);
    expect(removal.changed).toBe(false);
    expect(removal.notices[0]).toContain("nothing to remove");
  });
});

describe("addCredHelpers", () => {
  it("routes hosts to crossrole and removes only its routes on logout", () => {
    const config = { credHelpers: { "gcr.io": "gcloud", [H2]: "ecr-login" } };
    const change = addCredHelpers(config, emptyDockerEntriesState(), [
      { host: H, target: "deploy" },
      { host: H2 },
    ]);
    expect(change.config.credHelpers).toEqual({ "gcr.io": "gcloud", [H]: "crossrole", [H2]: "crossrole" });
    expect(change.state.credHelpers).toEqual({ [H]: { target: "deploy" }, [H2]: { previous: "ecr-login" } });
    expect(change.notices).toEqual([
      `replaced the credential helper "ecr-login" for ${H2} (crossrole ecr logout restores it).`,
    ]);
    // A second configure-helper keeps the route it replaced the first time.
    const again = addCredHelpers(change.config, change.state, [{ host: H2 }]);
    expect(again.state.credHelpers[H2]).toEqual({ previous: "ecr-login" });
    const removal = removeCrossroleEntries(again.config, again.state);
    expect(removal.config.credHelpers).toEqual({ "gcr.io": "gcloud", [H2]: "ecr-login" });
    expect(removal.removed).toEqual([`credHelpers:${H}`, `credHelpers:${H2} (restored "ecr-login")`]);
  });

  it("restores a replaced auths entry on logout, as it was", () => {
    const mine = { auth: b64("me:mine"), email: "me@example.com" };
    const change = addDockerAuths({ auths: { [H]: mine } }, emptyDockerEntriesState(), [login(H)]);
    const state = parseDockerEntriesState(renderDockerEntriesState(change.state));
    const removal = removeCrossroleEntries(change.config, state);
    expect(removal.config).toEqual({ auths: { [H]: mine } });
  });

  it("leaves no empty auths / credHelpers where there was none; keeps one that was there", () => {
    const added = addCredHelpers({}, emptyDockerEntriesState(), [{ host: H }]);
    const logged = addDockerAuths(added.config, added.state, [login(H)]);
    expect(removeCrossroleEntries(logged.config, logged.state).config).toEqual({});
    const kept = addDockerAuths({ auths: {} }, emptyDockerEntriesState(), [login(H)]);
    expect(removeCrossroleEntries(kept.config, kept.state).config).toEqual({ auths: {} });
  });
});

describe("renderDockerConfigChange", () => {
  it("keeps unknown values' exact text and key order; edits only what changed", () => {
    const text =
      '{\n  "big": 12345678901234567890,\n  "10": "ten", "2": "two",\n  "esc": "caf\\u00e9",\n  "credHelpers": { "z": "a", "1": "b" }\n}';
    const before = parseDockerConfig(text, "c.json");
    const change = addCredHelpers(before, emptyDockerEntriesState(), [{ host: H }]);
    const out = renderDockerConfigChange(text, before, change.config);
    expect(out).toBe(
      '{\n\t"big": 12345678901234567890,\n\t"10": "ten",\n\t"2": "two",\n\t"esc": "caf\\u00e9",\n\t"credHelpers": {\n\t\t"z": "a",\n\t\t"1": "b",\n\t\t"111111111111.dkr.ecr.eu-west-1.amazonaws.com": "crossrole"\n\t}\n}\n',
    );
    const removal = removeCrossroleEntries(change.config, change.state);
    const back = renderDockerConfigChange(out, parseDockerConfig(out, "c.json"), removal.config);
    expect(back).toContain('"big": 12345678901234567890');
    expect(back).toContain('"credHelpers": {\n\t\t"z": "a",\n\t\t"1": "b"\n\t}');
  });
});

describe("parseDockerEntriesState", () => {
  it.each([undefined, "", "not json", '{"version":2}', "null"])("treats %j as empty", (text) => {
    expect(parseDockerEntriesState(text)).toEqual(emptyDockerEntriesState());
  });

  it("round-trips", () => {
    const state = addCredHelpers({}, addDockerAuths({}, emptyDockerEntriesState(), [login(H)]).state, [
      { host: H2, target: "t" },
    ]).state;
    expect(parseDockerEntriesState(renderDockerEntriesState(state))).toEqual(state);
  });
});
