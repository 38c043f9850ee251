import { createHash } from "node:crypto";
import { EnvironmentError } from "../core/errors.js";
import { findJsonSyntaxError } from "../core/spec/find-json-syntax-error.js";
import { type JsonNode, jsonNodeOf, parseJsonTree, renderJsonTree } from "./json-tree.js";

/**
 * Pure edits of docker's `config.json`: add registry logins (`auths`) and credential-helper routes
 * (`credHelpers`), and remove exactly the ones crossrole added. Every other key and entry is kept as it was.
 *
 * Decision (how crossrole knows its own entries): a sidecar file next to config.json (see
 * {@link DOCKER_ENTRIES_FILE}), not a marker inside it. Docker reads config.json into a fixed struct and writes
 * that struct back on every `docker login`/`logout`, so an unknown top-level key or entry field would be silently
 * dropped at the next docker write. The sidecar records, per host, the SHA-256 of the `auth` value crossrole wrote:
 * logout removes an entry only while it still holds that value, so a later `docker login` by someone else to the
 * same host is never undone.
 */

/** The sidecar file name, in the same directory as config.json. */
export const DOCKER_ENTRIES_FILE = ".crossrole-docker-entries.json";

/** The credential helper name docker runs as `docker-credential-<name>`. */
export const CROSSROLE_HELPER_NAME = "crossrole";

/** A docker config document: any JSON object. */
export type DockerConfig = Record<string, unknown>;

/**
 * What crossrole added to one config.json, and what it replaced (restored on logout). crossrole's own logins are
 * recorded as digests only; `previous` holds the entry it replaced, as it was (a replaced `auths` entry may hold
 * the user's own credentials, which is why the sidecar is 0600 like config.json).
 */
export interface DockerEntriesState {
  version: 1;
  /** host → SHA-256 (hex) of the `auth` value crossrole wrote, and the entry it replaced. */
  auths: Record<string, { digest: string; previous?: unknown }>;
  /** host → the spec target the helper was configured for, and the helper name it replaced. */
  credHelpers: Record<string, { target?: string; previous?: string }>;
  /** The top-level sections (`auths`, `credHelpers`) crossrole created: removed again once empty. */
  created?: DockerSection[];
}

/** The two sections of config.json crossrole edits. */
export type DockerSection = "auths" | "credHelpers";

/** A registry login to write. `password` is a secret. */
export interface DockerLogin {
  host: string;
  username: string;
  password: string;
}

/** A credential-helper route to write. */
export interface HelperRoute {
  host: string;
  target?: string | undefined;
}

/** The result of an edit: the new documents, whether anything changed, and what the user should know. */
export interface DockerConfigChange {
  config: DockerConfig;
  state: DockerEntriesState;
  changed: boolean;
  notices: string[];
}

/** The result of {@link removeCrossroleEntries}. */
export interface DockerConfigRemoval extends DockerConfigChange {
  /** `auths:HOST` / `credHelpers:HOST` entries removed. */
  removed: string[];
}

/** An empty sidecar state. */
export function emptyDockerEntriesState(): DockerEntriesState {
  return { version: 1, auths: {}, credHelpers: {} };
}

/**
 * Parses config.json. An empty file is an empty config (docker treats it so).
 * @throws EnvironmentError `DOCKER_CONFIG_INVALID` with the line and column of the first syntax error, or when the
 *   top level is not an object. The message quotes no content (the file holds secrets).
 */
export function parseDockerConfig(text: string, file: string): DockerConfig {
  if (text.trim() === "") return {};
  const syntax = findJsonSyntaxError(text);
  if (syntax !== undefined) {
    const { line, column } = lineColumn(text, syntax.offset);
    throw new EnvironmentError(
      "DOCKER_CONFIG_INVALID",
      `${file}:${line}:${column}: not valid JSON (${syntax.message}); crossrole left it unchanged.`,
      { hint: "Fix the file (or move it away), then run the command again." },
    );
  }
  const data: unknown = JSON.parse(text);
  if (typeof data !== "object" || data === null || Array.isArray(data)) {
    throw new EnvironmentError(
      "DOCKER_CONFIG_INVALID",
      `${file}: the top level is not a JSON object; crossrole left it unchanged.`,
      { hint: "Fix the file (or move it away), then run the command again." },
    );
  }
  return data as DockerConfig;
}

/** Reads the sidecar; anything unreadable or malformed is an empty state (nothing is then removed). */
export function parseDockerEntriesState(text: string | undefined): DockerEntriesState {
  const state = emptyDockerEntriesState();
  if (text === undefined) return state;
  try {
    const data = JSON.parse(text) as Partial<DockerEntriesState>;
    if (data.version !== 1) return state;
    for (const [host, entry] of Object.entries(objectOr(data.auths))) {
      const { digest, previous } = objectOr(entry);
      if (typeof digest !== "string") continue;
      state.auths[host] = previous === undefined ? { digest } : { digest, previous };
    }
    for (const [host, entry] of Object.entries(objectOr(data.credHelpers))) {
      const { target, previous } = objectOr(entry);
      state.credHelpers[host] = {
        ...(typeof target === "string" ? { target } : {}),
        ...(typeof previous === "string" ? { previous } : {}),
      };
    }
    if (Array.isArray(data.created)) {
      state.created = data.created.filter((c): c is DockerSection => c === "auths" || c === "credHelpers");
    }
  } catch {
    // a broken sidecar: start over
  }
  return state;
}

/** The sidecar's text. */
export function renderDockerEntriesState(state: DockerEntriesState): string {
  return `${JSON.stringify(state, null, 2)}\n`;
}

/** config.json's text, indented with tabs as docker writes it. */
export function renderDockerConfig(config: DockerConfig): string {
  return `${JSON.stringify(config, null, "\t")}\n`;
}

/**
 * config.json's new text when `before` (its parse) became `after`: the file's own tree is kept, and only the
 * top-level members and the entries of `auths` / `credHelpers` whose value changed are replaced, removed or
 * appended. So unknown values keep their exact text (`12345678901234567890` is not rounded) and every object its
 * key order (numeric-like keys are not moved first). Tabs, as docker writes the file.
 */
export function renderDockerConfigChange(
  original: string,
  before: DockerConfig,
  after: DockerConfig,
): string {
  const tree =
    original.trim() === "" ? ({ kind: "object", members: [] } as JsonNode) : parseJsonTree(original);
  return `${renderJsonTree(applyObjectChange(tree, before, after, 0))}\n`;
}

/** The `credsStore` docker will use for registries without their own `auths`/`credHelpers` route, if any. */
export function dockerCredsStore(config: DockerConfig): string | undefined {
  const store = config.credsStore;
  return typeof store === "string" && store !== "" ? store : undefined;
}

/**
 * Sets `auths[host] = {auth: base64("USER:PASSWORD")}` for each login and records it. An entry crossrole did not
 * write is replaced with a notice (as `docker login` would). When the config has a `credsStore`, a notice explains
 * that docker asks the store instead and points to `crossrole ecr configure-helper`.
 */
export function addDockerAuths(
  config: DockerConfig,
  state: DockerEntriesState,
  logins: readonly DockerLogin[],
): DockerConfigChange {
  const next = { ...config };
  const nextState = cloneState(state);
  const auths = { ...objectOr(config.auths) };
  const notices: string[] = [];
  let changed = false;
  for (const login of logins) {
    const auth = Buffer.from(`${login.username}:${login.password}`, "utf8").toString("base64");
    const existing = Object.hasOwn(auths, login.host) ? auths[login.host] : undefined;
    const existingAuth = (existing as { auth?: unknown } | undefined)?.auth;
    const ours = Object.hasOwn(state.auths, login.host);
    if (existing !== undefined && !ours) {
      notices.push(
        `replaced the existing auths entry for ${login.host} (it was not written by crossrole; crossrole ecr logout restores it).`,
      );
    }
    const previous = ours ? state.auths[login.host]?.previous : existing;
    const single = typeof existing === "object" && existing !== null && Object.keys(existing).length === 1;
    if (existingAuth !== auth || !single) {
      auths[login.host] = { auth };
      changed = true;
    }
    const digest = sha256(auth);
    if (nextState.auths[login.host]?.digest !== digest) changed = true;
    nextState.auths[login.host] = previous === undefined ? { digest } : { digest, previous };
  }
  next.auths = auths;
  if (!Object.hasOwn(config, "auths") && logins.length > 0) markCreated(nextState, "auths");
  const store = dockerCredsStore(config);
  const helpers = objectOr(config.credHelpers);
  const shadowed = logins.map((l) => l.host).filter((host) => Object.hasOwn(helpers, host));
  for (const host of shadowed) {
    notices.push(
      `config.json routes ${host} to the credential helper "${String(helpers[host])}" (credHelpers), which docker asks instead of auths.`,
    );
  }
  if (store !== undefined && logins.some((l) => !shadowed.includes(l.host))) {
    notices.push(
      `config.json sets "credsStore": "${store}": docker asks that store and ignores the auths entries crossrole wrote. Route the registries to crossrole instead: crossrole ecr configure-helper (credHelpers take precedence over credsStore).`,
    );
  }
  return { config: next, state: nextState, changed, notices };
}

/** Sets `credHelpers[host] = "crossrole"` for each route and records it. Replacing another helper is noticed. */
export function addCredHelpers(
  config: DockerConfig,
  state: DockerEntriesState,
  routes: readonly HelperRoute[],
): DockerConfigChange {
  const next = { ...config };
  const nextState = cloneState(state);
  const helpers = { ...objectOr(config.credHelpers) };
  const notices: string[] = [];
  let changed = false;
  for (const route of routes) {
    const existing = Object.hasOwn(helpers, route.host) ? helpers[route.host] : undefined;
    if (existing !== undefined && existing !== CROSSROLE_HELPER_NAME) {
      notices.push(
        `replaced the credential helper "${String(existing)}" for ${route.host} (crossrole ecr logout restores it).`,
      );
    }
    const recorded = nextState.credHelpers[route.host];
    const previous =
      recorded !== undefined
        ? recorded.previous
        : typeof existing === "string" && existing !== CROSSROLE_HELPER_NAME
          ? existing
          : undefined;
    if (existing !== CROSSROLE_HELPER_NAME) {
      helpers[route.host] = CROSSROLE_HELPER_NAME;
      changed = true;
    }
    if (recorded === undefined || recorded.target !== route.target) changed = true;
    nextState.credHelpers[route.host] = {
      ...(route.target === undefined ? {} : { target: route.target }),
      ...(previous === undefined ? {} : { previous }),
    };
  }
  next.credHelpers = helpers;
  if (!Object.hasOwn(config, "credHelpers") && routes.length > 0) markCreated(nextState, "credHelpers");
  return { config: next, state: nextState, changed, notices };
}

/**
 * Removes the `auths` and `credHelpers` entries crossrole recorded for `hosts` (all recorded hosts when
 * undefined), and only while they still hold what crossrole wrote; an entry crossrole had replaced is put back as
 * it was. Everything else stays. An `auths` or `credHelpers` object left empty is deleted when crossrole created
 * it, else kept as `{}`.
 */
export function removeCrossroleEntries(
  config: DockerConfig,
  state: DockerEntriesState,
  hosts?: readonly string[],
): DockerConfigRemoval {
  const next = { ...config };
  const nextState = cloneState(state);
  const notices: string[] = [];
  const removed: string[] = [];
  const auths = { ...objectOr(config.auths) };
  const helpers = { ...objectOr(config.credHelpers) };
  const wanted = (host: string) => hosts === undefined || hosts.includes(host);

  for (const [host, { digest, previous }] of Object.entries(state.auths)) {
    if (!wanted(host)) continue;
    delete nextState.auths[host];
    const entry = Object.hasOwn(auths, host) ? auths[host] : undefined;
    const auth = (entry as { auth?: unknown } | undefined)?.auth;
    if (entry === undefined) continue;
    if (typeof auth === "string" && sha256(auth) === digest) {
      if (previous === undefined) delete auths[host];
      else auths[host] = previous;
      removed.push(previous === undefined ? `auths:${host}` : `auths:${host} (restored the previous entry)`);
    } else {
      notices.push(`kept the auths entry for ${host}: it changed since crossrole wrote it.`);
    }
  }
  for (const [host, { previous }] of Object.entries(state.credHelpers)) {
    if (!wanted(host)) continue;
    delete nextState.credHelpers[host];
    if (!Object.hasOwn(helpers, host)) continue;
    if (helpers[host] === CROSSROLE_HELPER_NAME) {
      if (previous === undefined) delete helpers[host];
      else helpers[host] = previous;
      removed.push(
        previous === undefined ? `credHelpers:${host}` : `credHelpers:${host} (restored "${previous}")`,
      );
    } else {
      notices.push(`kept the credHelpers entry for ${host}: it now names "${String(helpers[host])}".`);
    }
  }
  for (const host of hosts ?? []) {
    if (!Object.hasOwn(state.auths, host) && !Object.hasOwn(state.credHelpers, host)) {
      notices.push(`nothing to remove for ${host}: crossrole has no entry recorded for it.`);
    }
  }
  const sections: Array<[DockerSection, Record<string, unknown>]> = [
    ["auths", auths],
    ["credHelpers", helpers],
  ];
  for (const [section, entries] of sections) {
    if (!Object.hasOwn(config, section)) continue;
    const ownedEmpty = Object.keys(entries).length === 0 && (state.created ?? []).includes(section);
    if (ownedEmpty) delete next[section];
    else next[section] = entries;
  }
  // A created section no longer ours to remove once it is gone, or once nothing of crossrole's is left in it.
  const created = (nextState.created ?? []).filter(
    (section) => Object.hasOwn(next, section) && Object.keys(nextState[section]).length > 0,
  );
  if (created.length > 0) nextState.created = created;
  else delete nextState.created;
  const stateChanged = JSON.stringify(nextState) !== JSON.stringify(state);
  return { config: next, state: nextState, changed: removed.length > 0 || stateChanged, notices, removed };
}

// --- internal ---

/** Applies the change `before` → `after` to an object node: top level, and one level down (auths, credHelpers). */
function applyObjectChange(node: JsonNode, before: unknown, after: unknown, depth: number): JsonNode {
  const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);
  if (node.kind !== "object" || !isObject(before) || !isObject(after)) return jsonNodeOf(after);
  const members = [];
  for (const member of node.members) {
    if (!Object.hasOwn(after, member.key)) continue;
    const old = before[member.key];
    const next = after[member.key];
    if (same(old, next)) members.push(member);
    else {
      const value =
        depth === 0 && isObject(next) ? applyObjectChange(member.value, old, next, 1) : jsonNodeOf(next);
      members.push({ ...member, value });
    }
  }
  for (const [key, value] of Object.entries(after)) {
    if (!Object.hasOwn(before, key)) {
      members.push({ key, rawKey: JSON.stringify(key), value: jsonNodeOf(value) });
    }
  }
  return { kind: "object", members };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function objectOr(value: unknown): Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : {};
}

function cloneState(state: DockerEntriesState): DockerEntriesState {
  const clone: DockerEntriesState = {
    version: 1,
    auths: { ...state.auths },
    credHelpers: { ...state.credHelpers },
  };
  if (state.created !== undefined) clone.created = [...state.created];
  return clone;
}

function markCreated(state: DockerEntriesState, section: DockerSection): void {
  if (!(state.created ?? []).includes(section)) state.created = [...(state.created ?? []), section];
}

function sha256(text: string): string {
  return createHash("sha256").update(text).digest("hex");
}

function lineColumn(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset);
  const line = before.split("\n").length;
  return { line, column: offset - before.lastIndexOf("\n") };
}
