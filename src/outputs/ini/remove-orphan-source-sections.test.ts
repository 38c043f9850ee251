import { describe, expect, it } from "vitest";
import { parseIni } from "./parse-ini.js";
import { removeOrphanSourceSections } from "./remove-orphan-source-sections.js";
import { renderIni } from "./render-ini.js";

const marked = (origin: string, name: string, key = "AKIAIOSFODNN7EXAMPLE") =>
  `# managed by crossrole (${origin}); edits inside this section may be overwritten\n[${name}]\naws_access_key_id = ${key}\naws_secret_access_key = secret\n`;

const CONFIG = `[profile kept]\nrole_arn = arn:aws:iam::111111111111:role/R\nsource_profile = kept-source\n\n[default]\nregion = eu-west-1\n`;

describe("removeOrphanSourceSections", () => {
  it.each([
    [
      "a marked [NAME-source] no profile names",
      marked("source credentials of profile ghost", "ghost-source"),
      ["ghost-source"],
    ],
    [
      "one a config profile names (source_profile)",
      marked("source credentials of profile kept", "kept-source"),
      [],
    ],
    ["one without crossrole's marker (the user's own)", "[mine-source]\naws_access_key_id = A\n", []],
    [
      "a marked section of another origin (configure --from-env)",
      marked("configure --from-env", "ci-source"),
      [],
    ],
    [
      "a marker naming another profile than the section",
      marked("source credentials of profile x", "y-source"),
      [],
    ],
    ["a marked section not named -source", marked("source credentials of profile z", "z"), []],
  ])("%s", (_what, section, removed) => {
    const credentials = `[base]\naws_access_key_id = B\n\n${section}`;
    const result = removeOrphanSourceSections(parseIni(credentials), parseIni(CONFIG));
    expect(result.removed).toEqual(removed);
    expect(renderIni(result.doc)).toBe(
      removed.length === 0 ? credentials : "[base]\naws_access_key_id = B\n",
    );
  });

  it("removes several orphans and keeps what lies between them byte for byte; no config file: none is named", () => {
    const credentials = [
      marked("source credentials of profile a", "a-source"),
      "\n[base]\naws_access_key_id = B\n\n",
      marked("source credentials of profile b", "b-source"),
    ].join("");
    const result = removeOrphanSourceSections(parseIni(credentials), undefined);
    expect(result.removed).toEqual(["a-source", "b-source"]);
    expect(renderIni(result.doc)).toBe("\n[base]\naws_access_key_id = B\n");
  });
});
