import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { renderJsonSchema, SCHEMA_FILE } from "../../scripts/write-schema.js";

describe(SCHEMA_FILE, () => {
  it("matches the spec schema (if not: run `npm run schema` and commit the result)", () => {
    const committed = readFileSync(new URL(`../../${SCHEMA_FILE}`, import.meta.url), "utf8");
    expect(committed, `${SCHEMA_FILE} is stale: run \`npm run schema\` and commit the result`).toBe(
      renderJsonSchema(),
    );
  });

  it("is a draft 2020-12 schema with an id, a title and a description", () => {
    const schema = JSON.parse(renderJsonSchema()) as Record<string, unknown>;
    expect(schema).toMatchObject({
      $schema: "https://json-schema.org/draft/2020-12/schema",
      $id: expect.stringMatching(/^https:\/\/.+crossrole\.schema\.json$/),
      title: "crossrole access spec",
      description: expect.stringContaining("crossrole access spec"),
      required: ["version", "region", "build", "targets"],
      additionalProperties: false,
    });
  });
});
