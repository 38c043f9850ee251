import { describe, expect, it } from "vitest";
import { CrossroleError } from "../../core/errors.js";
import { findProfileSection, profileNameOfSection, validateProfileName } from "./aws-profile-section.js";
import { removeIniSection, upsertIniSection } from "./edit-ini-section.js";
import { findIniSections, iniSectionBounds, readIniSection } from "./find-ini-section.js";
import { formatManagedMarker, hasManagedMarker, isManagedMarker } from "./managed-marker.js";
import { removeManagedProfiles, setManagedProfiles, UnmanagedProfileError } from "./managed-profile.js";
import { parseIni } from "./parse-ini.js";
import { renderIni } from "./render-ini.js";
import { replaceManagedExternalId } from "./replace-managed-external-id.js";

/** A config a person wrote: comments of both kinds, odd spacing, nested values, non-profile sections. */
const USER_CONFIG = [
  "# my AWS config",
  "; second comment style",
  "",
  "[default]",
  "region=eu-west-1",
  "output =   json   ",
  "",
  "   # indented comment",
  "[profile  dev]",
  "role_arn: arn:aws:iam::111111111111:role/Dev",
  "source_profile = default",
  "s3 =",
  "    max_concurrent_requests = 20",
  "    addressing_style = path",
  "",
  "[sso-session corp]",
  "sso_start_url = https://example.awsapps.com/start",
  "",
  "; trailing notes",
].join("\n");

const VARIANTS = {
  "LF with final newline": `${USER_CONFIG}\n`,
  "LF without final newline": USER_CONFIG,
  "CRLF with final newline": `${USER_CONFIG.replaceAll("\n", "\r\n")}\r\n`,
  "CRLF without final newline": USER_CONFIG.replaceAll("\n", "\r\n"),
  "mixed endings": "[default]\r\nregion = x\n# c\r\n\n[profile a]\nk=v",
  empty: "",
  "only blank lines": "\n\n\r\n",
  "unparsable lines": "garbage line\n[unclosed\n[default]\n  = no key\n",
  "hostile names": "[__proto__]\n__proto__ = polluted\nconstructor = x\n[profile __proto__]\nprototype=1\n",
};

const cases = Object.entries(VARIANTS).map(([label, text]) => ({ label, text }));

describe("parseIni / renderIni", () => {
  it.each(cases)("round-trips $label byte for byte", ({ text }) => {
    expect(renderIni(parseIni(text))).toBe(text);
  });

  it("classifies lines as configparser does", () => {
    const kinds = parseIni(`${USER_CONFIG}\n`).lines.map((l) => l.kind);
    expect(kinds).toEqual([
      "comment",
      "comment",
      "blank",
      "section",
      "entry",
      "entry",
      "blank",
      "comment",
      "section",
      "entry",
      "entry",
      "entry",
      "continuation",
      "continuation",
      "blank",
      "section",
      "entry",
      "blank",
      "comment",
    ]);
  });

  it("reads keys (lowercased, trimmed, `=` or `:`) into a Map", () => {
    const doc = parseIni("[default]\nRegion = eu-west-1\nrole_arn:arn:x\noutput =   json   \n");
    expect([...readIniSection(doc, 0)]).toEqual([
      ["region", "eu-west-1"],
      ["role_arn", "arn:x"],
      ["output", "json"],
    ]);
  });

  it("cannot be prototype-polluted by __proto__ sections and keys", () => {
    const doc = parseIni(VARIANTS["hostile names"]);
    const values = readIniSection(doc, 0);
    expect(values.get("__proto__")).toBe("polluted");
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.prototype).not.toHaveProperty("__proto__ = polluted");
  });

  it("ends lines at a lone CR too (Python's universal newlines)", () => {
    const doc = parseIni("[default]\rregion = x\r[profile build]\rk = v");
    expect(doc.lines.map((l) => [l.kind, l.eol])).toEqual([
      ["section", "\r"],
      ["entry", "\r"],
      ["section", "\r"],
      ["entry", ""],
    ]);
    expect(doc.newline).toBe("\r");
    expect(findProfileSection(doc, "build", "config", "cfg")).toBe(2);
  });

  it("does not strip a BOM or other bytes Python keeps (JS trim() would)", () => {
    expect(parseIni("\ufeff[default]\n").lines[0]?.kind).toBe("other");
    expect(parseIni("\u00ef\u00bb\u00bf[default]\n").lines[0]?.kind).toBe("other");
  });

  it("uses the file's majority line ending for new lines", () => {
    expect(parseIni("a\r\nb\r\nc\n").newline).toBe("\r\n");
    expect(parseIni("a\nb\r\n").newline).toBe("\n");
    expect(parseIni("").newline).toBe("\n");
  });
});

describe("aws profile sections", () => {
  it.each([
    ["default", "config", "default"],
    ["profile dev", "config", "dev"],
    ["profile  dev ", "config", "dev"],
    ["profile default", "config", "default"],
    ["sso-session corp", "config", undefined],
    ["profiledev", "config", undefined],
    ['profile "build"', "config", "build"],
    ["profile 'build'", "config", "build"],
    ["profiles build", "config", "build"],
    ["profile\tbuild", "config", "build"],
    ['profile "a b"', "config", "a b"],
    ["profile a b", "config", undefined],
    ['profile "build', "config", undefined],
    ["profile", "config", undefined],
    ["Profile build", "config", undefined],
    ["dev", "config", undefined],
    ["dev", "credentials", "dev"],
    ["profile dev", "credentials", "profile dev"],
  ] as const)("[%s] in %s is profile %s", (header, kind, name) => {
    expect(profileNameOfSection(header, kind)).toBe(name);
  });

  it("finds [profile  dev] with odd spacing", () => {
    expect(findProfileSection(parseIni(`${USER_CONFIG}\n`), "dev", "config", "config")).toBe(8);
  });

  it("refuses a profile defined twice ([default] and [profile default])", () => {
    const doc = parseIni("[default]\na=1\n[profile default]\nb=2\n");
    expect(() => findProfileSection(doc, "default", "config", "cfg")).toThrow(
      /more than once \(lines 1, 3\)/,
    );
  });

  it.each(["ourthing", "default", "a.b-c_d+e@f,g=h", "x".repeat(64)])(
    "accepts the profile name %j",
    (name) => {
      expect(() => validateProfileName(name)).not.toThrow();
    },
  );
  it.each([
    "",
    "has space",
    "tab\t",
    "[x]",
    "a]b",
    "a/b",
    "a\\b",
    "new\nline",
    "a#b",
    "a;b",
    "__proto__",
    "constructor",
    "prototype",
    "x".repeat(65),
    "ünï",
  ])("refuses the profile name %j", (name) => {
    expect(() => validateProfileName(name)).toThrow(CrossroleError);
  });
});

describe("upsertIniSection / removeIniSection", () => {
  const entries = [
    { key: "role_arn", value: "arn:aws:iam::111111111111:role/Build" },
    { key: "external_id", value: "ext-123" },
    { key: "region", value: "eu-west-1" },
  ];
  const marker = formatManagedMarker("target ourthing");

  it.each(cases)("$label: appending then removing a section gives back the original bytes", ({ text }) => {
    const doc = parseIni(text);
    const added = upsertIniSection(doc, "profile ourthing", undefined, entries, { marker });
    const rendered = renderIni(added);
    // Every original line is still there, in order, byte for byte (a missing final newline moves to the end).
    expect(rendered.startsWith(text.replace(/(\r?\n)?$/, ""))).toBe(true);
    expect(rendered).toContain(
      `${marker}${doc.newline}[profile ourthing]${doc.newline}role_arn = arn:aws:iam::111111111111:role/Build`,
    );
    expect(rendered.endsWith(text === "" || /\n$/.test(text) ? doc.newline : "region = eu-west-1")).toBe(
      true,
    );
    const at = findIniSections(added, (h) => h === "profile ourthing")[0];
    expect(at).toBeDefined();
    expect(renderIni(removeIniSection(added, at ?? -1))).toBe(text);
  });

  it("edits a section in place: unchanged keys and comments keep their bytes, new keys follow the last entry", () => {
    const text =
      "[default]\r\n# keep me\r\nregion=eu-west-1\r\nrole_arn =  old\r\n\r\n# about b\r\n[b]\r\nx=1";
    const doc = parseIni(text);
    const next = upsertIniSection(doc, "default", 0, [
      { key: "region", value: "eu-west-1" },
      { key: "role_arn", value: "new" },
      { key: "external_id", value: "e1" },
    ]);
    expect(renderIni(next)).toBe(
      "[default]\r\n# keep me\r\nregion=eu-west-1\r\nrole_arn = new\r\nexternal_id = e1\r\n\r\n# about b\r\n[b]\r\nx=1",
    );
  });

  it("deletes keys set to undefined, their continuation lines, duplicates, and (removeOtherKeys) foreign keys", () => {
    const doc = parseIni("[p]\na = 1\ns3 =\n  x = 1\nb = 2\na = dup\nc = 3\n");
    const next = upsertIniSection(
      doc,
      "p",
      0,
      [
        { key: "a", value: "1" },
        { key: "s3", value: undefined },
        { key: "c", value: "3" },
      ],
      { removeOtherKeys: true },
    );
    expect(renderIni(next)).toBe("[p]\na = 1\nc = 3\n");
  });

  it("appends keys at the end of a file that has no final newline", () => {
    const next = upsertIniSection(parseIni("[p]\na = 1"), "p", 0, [{ key: "b", value: "2" }]);
    expect(renderIni(next)).toBe("[p]\na = 1\nb = 2");
  });

  it("refuses multi-line values (they would inject keys)", () => {
    expect(() =>
      upsertIniSection(parseIni(""), "p", undefined, [{ key: "a", value: "1\nrole_arn = evil" }]),
    ).toThrow(/single-line/);
  });

  it("removing a section keeps the comments that introduce the next one", () => {
    const text = "[a]\nx=1\n\n# managed by crossrole (t)\n[b]\ny=2\n# about c\n\n[c]\nz=3\n";
    const doc = parseIni(text);
    const at = findIniSections(doc, (h) => h === "b")[0] ?? -1;
    expect(iniSectionBounds(doc, at)).toEqual({ header: 4, end: 6 });
    expect(renderIni(removeIniSection(doc, at))).toBe("[a]\nx=1\n\n# about c\n\n[c]\nz=3\n");
  });
});

describe("managed profiles (marker handling)", () => {
  const file = "/home/u/.aws/config";
  const profile = (name: string, value: string) => ({
    name,
    origin: `target ${name}`,
    entries: [
      { key: "role_arn", value },
      { key: "source_profile", value: "build" },
    ],
  });

  it("marks the section with a comment line immediately above the header", () => {
    const out = renderIni(
      setManagedProfiles(parseIni(`${USER_CONFIG}\n`), "config", [profile("ourthing", "arn:1")], {
        force: false,
        file,
      }),
    );
    expect(out).toBe(
      `${USER_CONFIG}\n\n# managed by crossrole (target ourthing); edits inside this section may be overwritten\n[profile ourthing]\nrole_arn = arn:1\nsource_profile = build\n`,
    );
    expect(
      isManagedMarker(
        "# managed by crossrole (target ourthing); edits inside this section may be overwritten",
      ),
    ).toBe(true);
    expect(isManagedMarker("#   managed by crossrole")).toBe(true);
    expect(isManagedMarker("# not managed by crossrole")).toBe(false);
  });

  it("rewrites its own section in place; every other line is kept byte for byte", () => {
    const first = setManagedProfiles(parseIni(`${USER_CONFIG}\n`), "config", [profile("ourthing", "arn:1")], {
      force: false,
      file,
    });
    const second = setManagedProfiles(first, "config", [profile("ourthing", "arn:2")], {
      force: false,
      file,
    });
    expect(renderIni(second)).toBe(renderIni(first).replace("role_arn = arn:1", "role_arn = arn:2"));
    const again = setManagedProfiles(second, "config", [profile("ourthing", "arn:2")], {
      force: false,
      file,
    });
    expect(renderIni(again)).toBe(renderIni(second));
  });

  it("refuses sections it did not write (all at once), and changes nothing", () => {
    const doc = parseIni(`${USER_CONFIG}\n`);
    const error = catchError(() =>
      setManagedProfiles(
        doc,
        "config",
        [profile("default", "arn:1"), profile("dev", "arn:2"), profile("new", "arn:3")],
        { force: false, file },
      ),
    );
    expect(error).toBeInstanceOf(UnmanagedProfileError);
    expect((error as UnmanagedProfileError).sections).toEqual([
      `[default] in ${file}`,
      `[profile dev] in ${file}`,
    ]);
    expect((error as CrossroleError).hint).toMatch(/--force/);
  });

  it("--force takes a foreign section over: marks it, keeps its comments, drops keys crossrole does not write", () => {
    const doc = parseIni("# mine\n[default]\n; why\nregion=x\noutput=json\n");
    const out = renderIni(
      setManagedProfiles(doc, "config", [profile("default", "arn:1")], { force: true, file }),
    );
    expect(out).toBe(
      "# mine\n# managed by crossrole (target default); edits inside this section may be overwritten\n[default]\n; why\nrole_arn = arn:1\nsource_profile = build\n",
    );
    expect(hasManagedMarker(parseIni(out), 2)).toBe(true);
  });

  it("removes only marked sections, with their marker; the file is then identical to before", () => {
    for (const { text } of cases.filter((c) => !c.label.includes("hostile") && !c.label.includes("mixed"))) {
      const doc = parseIni(text);
      const added = setManagedProfiles(
        doc,
        "config",
        [profile("ourthing", "arn:1"), profile("other", "arn:2")],
        { force: false, file },
      );
      const result = removeManagedProfiles(added, "config", ["ourthing", "other", "dev", "absent"], file);
      expect(result.removed).toEqual(["ourthing", "other"]);
      expect(result.unmanaged).toEqual(text.includes("profile  dev") ? ["dev"] : []);
      expect(renderIni(result.doc)).toBe(text);
    }
  });
});

function catchError(fn: () => unknown): Error {
  try {
    fn();
  } catch (error) {
    return error as Error;
  }
  throw new Error("expected an error");
}

describe("replaceManagedExternalId (rotate external-id --finish)", () => {
  const marker = "# managed by crossrole (target t); edits inside this section may be overwritten";
  const text = [
    "# mine",
    "[profile mine]",
    "role_arn = arn:aws:iam::1:role/R",
    "external_id = old",
    marker,
    "[default]",
    "role_arn = arn:aws:iam::1:role/R",
    "external_id=old",
    "external_id = old",
    marker,
    "[profile other-role]",
    "role_arn = arn:aws:iam::1:role/Other",
    "external_id = old",
    marker,
    '[profile "b"]',
    "role_arn = arn:aws:iam::1:role/R",
    "external_id = old  ",
    "region = eu-west-1",
    "",
  ].join("\r\n");

  it("rewrites only marked profiles of that role holding an old value, in place", () => {
    const result = replaceManagedExternalId(parseIni(text), "arn:aws:iam::1:role/R", ["old"], "new");
    expect(result.updated).toEqual(["default", "b"]);
    expect(renderIni(result.doc)).toBe(
      text
        .replace(
          "[default]\r\nrole_arn = arn:aws:iam::1:role/R\r\nexternal_id=old\r\nexternal_id = old\r\n",
          "[default]\r\nrole_arn = arn:aws:iam::1:role/R\r\nexternal_id = new\r\n",
        )
        .replace("external_id = old  \r\nregion", "external_id = new\r\nregion"),
    );
  });
});
