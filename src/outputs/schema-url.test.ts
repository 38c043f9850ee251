import { describe, expect, it } from "vitest";
import { schemaUrl } from "./schema-url.js";

describe("schemaUrl", () => {
  it.each([
    ["0.1.0", "https://cdn.jsdelivr.net/npm/crossrole@0.1.0/schema/crossrole.schema.json"],
    ["1.2.0-rc.1", "https://cdn.jsdelivr.net/npm/crossrole@1.2.0-rc.1/schema/crossrole.schema.json"],
    ["dev", "https://cdn.jsdelivr.net/npm/crossrole/schema/crossrole.schema.json"],
    ["latest", "https://cdn.jsdelivr.net/npm/crossrole/schema/crossrole.schema.json"],
    ["1.2.0+local", "https://cdn.jsdelivr.net/npm/crossrole/schema/crossrole.schema.json"],
  ])("%s -> %s", (version, url) => {
    expect(schemaUrl(version)).toBe(url);
  });
});
