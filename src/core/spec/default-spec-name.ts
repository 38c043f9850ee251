import { SPEC_NAME } from "./spec-name.js";

/**
 * The `name:` `crossrole init` gives a new spec when `--name` is not given: the spec's directory as a slug, plus
 * four random characters, e.g. `web-app-k3f9`. A spec's name is its identity on a shared BUILD principal (its part
 * of the grant is `crossrole-assume-targets-<name>`), so two teams that both accept the default, even in
 * directories of the same name, still get parts of their own. Pure: the caller passes the directory's name and
 * random bytes.
 */
export function defaultSpecName(directoryName: string, randomBytes: (n: number) => Uint8Array): string {
  const slug = directoryName
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^[^a-z]+/, "")
    .slice(0, 30)
    .replace(/-+$/, "");
  const suffix = [...randomBytes(4)].map((b) => ALPHABET[b % ALPHABET.length]).join("");
  const name = `${slug === "" ? "spec" : slug}-${suffix}`;
  if (!SPEC_NAME.test(name)) throw new Error(`default spec name ${name} does not match ${SPEC_NAME}`);
  return name;
}

// --- internal ---

/** 32 characters, so a byte modulo its length is uniform. */
const ALPHABET = "abcdefghijkmnpqrstuvwxyz23456789";
