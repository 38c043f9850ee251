/** The published package's name: the schema ships in it as `schema/crossrole.schema.json`. */
const PACKAGE = "crossrole";
const SCHEMA_FILE = "schema/crossrole.schema.json";

/**
 * Where editors fetch the spec's JSON Schema from, whatever way crossrole was installed (globally, with npx, as a
 * devDependency): the published package's file on jsDelivr's npm CDN (`https://cdn.jsdelivr.net/npm/PACKAGE@VERSION/FILE`),
 * pinned to this version so the schema matches the crossrole that wrote the spec; an unreleased build (`dev`,
 * `1.2.0-rc.1+local`...) points at the latest release. Offline, `crossrole schema --path` names the local copy.
 */
export function schemaUrl(version: string): string {
  const released = /^\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?$/.test(version);
  return `https://cdn.jsdelivr.net/npm/${PACKAGE}${released ? `@${version}` : ""}/${SCHEMA_FILE}`;
}
