import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { optionalTool } from "../../test/support/optional-tool.js";
import { CrossroleError } from "../core/errors.js";
import type { TemporaryCredentials } from "../core/session/temporary-credentials.js";
import { quoteFish, quotePowerShell, quoteSh } from "./env-format-shell.js";
import { ENV_FORMATS, type EnvFormat, formatEnv, isEnvFormat } from "./format-env.js";

/** Every character the STS charsets allow: key ids `\w`, secrets and tokens base64 (`+ / =`). */
const sts: TemporaryCredentials = {
  accessKeyId: "ASIA_EXAMPLE0123456789",
  secretAccessKey: "wJalrXUtnFEMI/K7MDENG/bPxRfiCY+EXAMPLEKEY==",
  sessionToken: "IQoJb3JpZ2luX2VjE+/abcXYZ0189+/==",
  expiration: new Date("2030-01-02T03:04:05.678Z"),
};

/** Not something STS issues: proves the quoting of the shell and JSON formats. */
const ADVERSARIAL = `a'b"c$d\`e\\f g$(touch pwned)'\\''\t{x}*?;&|<>#~%!\n2nd line ‘curly’ ’‚‛ end\\`;
const hostile: TemporaryCredentials = {
  ...sts,
  secretAccessKey: ADVERSARIAL,
  sessionToken: `$HOME ${ADVERSARIAL}`,
};

const expectedVars = (c: TemporaryCredentials, region?: string): Record<string, string> => ({
  AWS_ACCESS_KEY_ID: c.accessKeyId,
  AWS_SECRET_ACCESS_KEY: c.secretAccessKey,
  ...(c.sessionToken === undefined ? {} : { AWS_SESSION_TOKEN: c.sessionToken }),
  ...(c.expiration === undefined ? {} : { AWS_CREDENTIAL_EXPIRATION: "2030-01-02T03:04:05Z" }),
  ...(region === undefined ? {} : { AWS_REGION: region, AWS_DEFAULT_REGION: region }),
});

const tmp = mkdtempSync(join(tmpdir(), "crossrole-env-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** Evals `script` in `shell` with stale AWS_* variables set; returns the exported environment afterwards. */
function evalInShell(shell: string, script: string): Record<string, string> {
  const file = join(tmp, `script-${Math.random().toString(36).slice(2)}`);
  writeFileSync(file, script);
  const out = execFileSync(shell, ["-c", 'eval "$(cat "$1")" && env -0', "crossrole-test", file], {
    cwd: tmp,
    env: {
      PATH: process.env.PATH ?? "/usr/bin:/bin",
      AWS_PROFILE: "stale",
      AWS_DEFAULT_PROFILE: "stale",
      AWS_SECURITY_TOKEN: "stale",
      AWS_SESSION_TOKEN: "stale",
      AWS_CREDENTIAL_EXPIRATION: "stale",
    },
  });
  const env: Record<string, string> = {};
  for (const entry of out.toString("utf8").split("\0")) {
    const cut = entry.indexOf("=");
    if (cut > 0 && entry.startsWith("AWS_")) env[entry.slice(0, cut)] = entry.slice(cut + 1);
  }
  return env;
}

const shells = ["sh", "dash", "bash"].filter((s) =>
  optionalTool(s, `the ${s} tests of format-env.test.ts`, {
    args: ["-c", ":"],
    install: `apt-get install ${s}`,
  }),
);

describe("formatEnv: sh, eval'ed by real shells", () => {
  it("has shells to test with", () => {
    expect(shells).toContain("sh");
  });
  it.each(
    shells.flatMap((shell) => [
      { shell, label: "STS charsets", credentials: sts, region: "eu-west-1" as string | undefined },
      { shell, label: "adversarial values", credentials: hostile, region: "us-gov-west-1" },
      {
        shell,
        label: "long-term keys, no region",
        credentials: { accessKeyId: sts.accessKeyId, secretAccessKey: "k/+=" },
        region: undefined,
      },
    ]),
  )(
    "$shell: $label: the environment afterwards holds exactly the values",
    ({ shell, credentials, region }) => {
      const { text, masks } = formatEnv(
        "sh",
        region === undefined ? { credentials } : { credentials, region },
      );
      expect(masks).toBe("");
      const env = evalInShell(shell, text);
      // Byte for byte, and the stale variables are gone (also a stale token when the new keys have none).
      expect(env).toEqual(expectedVars(credentials, region));
      expect(existsIn(tmp, "pwned")).toBe(false);
    },
  );
});

const fish = optionalTool("fish", "the fish tests of format-env.test.ts", {
  ciInstalls: true,
  install: "apt-get install fish",
});

/** Sources fish output in a real fish (CI installs it) and returns the AWS_* environment afterwards. */
function evalInFish(script: string): Record<string, string> {
  const file = join(tmp, `script-${Math.random().toString(36).slice(2)}.fish`);
  writeFileSync(file, script);
  const out = execFileSync("fish", ["--no-config", "-c", "source $argv[1]; and env -0", file], {
    cwd: tmp,
    env: {
      PATH: process.env.PATH ?? "/usr/bin:/bin",
      HOME: tmp,
      AWS_PROFILE: "stale",
      AWS_DEFAULT_PROFILE: "stale",
      AWS_SECURITY_TOKEN: "stale",
      AWS_SESSION_TOKEN: "stale",
      AWS_CREDENTIAL_EXPIRATION: "stale",
    },
  });
  const env: Record<string, string> = {};
  for (const entry of out.toString("utf8").split("\0")) {
    const cut = entry.indexOf("=");
    if (cut > 0 && entry.startsWith("AWS_")) env[entry.slice(0, cut)] = entry.slice(cut + 1);
  }
  return env;
}

describe.runIf(fish)("formatEnv: fish, sourced by a real fish", () => {
  it.each([
    { label: "STS charsets", credentials: sts, region: "eu-west-1" as string | undefined },
    { label: "adversarial values", credentials: hostile, region: "us-gov-west-1" },
    {
      label: "long-term keys, no region",
      credentials: { accessKeyId: sts.accessKeyId, secretAccessKey: "k/+=" },
      region: undefined,
    },
  ])("$label: the environment afterwards holds exactly the values", ({ credentials, region }) => {
    const { text } = formatEnv("fish", region === undefined ? { credentials } : { credentials, region });
    expect(evalInFish(text)).toEqual(expectedVars(credentials, region));
    expect(existsIn(tmp, "pwned")).toBe(false);
  });
});

describe("formatEnv: shell text", () => {
  it("sh: export lines, then unset of the stale variables", () => {
    expect(formatEnv("sh", { credentials: sts, region: "eu-west-1" }).text).toBe(
      [
        `export AWS_ACCESS_KEY_ID='${sts.accessKeyId}'`,
        `export AWS_SECRET_ACCESS_KEY='${sts.secretAccessKey}'`,
        `export AWS_SESSION_TOKEN='${sts.sessionToken}'`,
        "export AWS_CREDENTIAL_EXPIRATION='2030-01-02T03:04:05Z'",
        "export AWS_REGION='eu-west-1'",
        "export AWS_DEFAULT_REGION='eu-west-1'",
        "unset AWS_PROFILE AWS_DEFAULT_PROFILE AWS_SECURITY_TOKEN",
        "",
      ].join("\n"),
    );
  });
  it("fish: set -gx and set -e", () => {
    const text = formatEnv("fish", { credentials: sts }).text;
    expect(text).toContain(`set -gx AWS_SECRET_ACCESS_KEY '${sts.secretAccessKey}'\n`);
    expect(text).toContain("set -e AWS_PROFILE\nset -e AWS_DEFAULT_PROFILE\nset -e AWS_SECURITY_TOKEN\n");
  });
  it("powershell: $Env: assignments and Remove-Item", () => {
    const text = formatEnv("powershell", { credentials: sts, region: "eu-west-1" }).text;
    expect(text).toContain(`$Env:AWS_SESSION_TOKEN = '${sts.sessionToken}'\n`);
    expect(text).toContain("Remove-Item -Path Env:AWS_SECURITY_TOKEN -ErrorAction SilentlyContinue\n");
  });
  it.each(["sh", "fish", "powershell"] as const)(
    "%s refuses a NUL, naming the variable but not the value",
    (format) => {
      const error = catchError(() =>
        formatEnv(format, { credentials: { ...sts, secretAccessKey: "se\0cret" } }),
      );
      expect(error).toBeInstanceOf(CrossroleError);
      expect(error.message).toContain("AWS_SECRET_ACCESS_KEY");
      expect(error.message).not.toContain("se");
    },
  );
});

describe("quoting rules, checked against each language's own unquoting rule", () => {
  const values = ["", "plain", ADVERSARIAL, "\\", "\\'", "''", "‘’‚‛'", "a\\\\b", "tail\\"];
  it.each(values)("sh %j", (v) => {
    expect(unquoteSh(quoteSh(v))).toBe(v);
  });
  it.each(values)("fish %j", (v) => {
    expect(unquoteFish(quoteFish(v))).toBe(v);
  });
  it.each(values)("powershell %j", (v) => {
    expect(unquotePowerShell(quotePowerShell(v))).toBe(v);
  });
  it("fish escapes exactly backslash and quote", () => {
    expect(quoteFish(`a\\b'c$d"`)).toBe(`'a\\\\b\\'c$d"'`);
  });
  it("powershell doubles typographic single quotes too", () => {
    expect(quotePowerShell("it’s")).toBe("'it’’s'");
  });
});

describe("formatEnv: line formats (dotenv, gitlab-dotenv, github-env)", () => {
  const lineFormats = ["dotenv", "gitlab-dotenv", "github-env"] as const;
  it.each(lineFormats)("%s: NAME=value lines, unquoted, read back identically", (format) => {
    const { text } = formatEnv(format, { credentials: sts, region: "eu-west-1" });
    expect(parseNameValueLines(text)).toEqual(expectedVars(sts, "eu-west-1"));
    expect(text).not.toMatch(/['"]/);
    expect(text.endsWith("\n")).toBe(true);
  });
  it("dotenv: python-dotenv reads the same values", () => {
    const { text } = formatEnv("dotenv", { credentials: sts, region: "eu-west-1" });
    const file = join(tmp, "creds.env");
    writeFileSync(file, text);
    const parsed = JSON.parse(
      execFileSync("python3", [
        "-c",
        "import json,sys,dotenv; print(json.dumps(dotenv.dotenv_values(sys.argv[1])))",
        file,
      ]).toString(),
    );
    expect(parsed).toEqual(expectedVars(sts, "eu-west-1"));
  });
  it.each(
    lineFormats.flatMap((f) =>
      [ADVERSARIAL, "has space", "quo'te", "new\nline", "$VAR", "#x"].map((v) => ({ f, v })),
    ),
  )("$f refuses $v (no quoting exists) without echoing it", ({ f, v }) => {
    const error = catchError(() => formatEnv(f, { credentials: { ...sts, sessionToken: v } }));
    expect(error).toBeInstanceOf(CrossroleError);
    expect((error as CrossroleError).code).toBe("UNSAFE_ENV_VALUE");
    expect(error.message).toContain("AWS_SESSION_TOKEN");
    expect(error.message).not.toContain(v);
  });
  it("github-env: masks for key id, secret and token, on their own, never in the env-file text", () => {
    const { text, masks } = formatEnv("github-env", { credentials: sts, region: "eu-west-1" });
    expect(masks).toBe(
      `::add-mask::${sts.accessKeyId}\n::add-mask::${sts.secretAccessKey}\n::add-mask::${sts.sessionToken}\n`,
    );
    expect(text).not.toContain("::");
  });
  it("non-github formats have no masks", () => {
    for (const f of ENV_FORMATS.filter((x) => x !== "github-env")) {
      expect(formatEnv(f, { credentials: sts }).masks).toBe("");
    }
  });
});

describe("formatEnv: JSON formats", () => {
  it("json: the STS Credentials shape plus Region", () => {
    expect(JSON.parse(formatEnv("json", { credentials: hostile, region: "eu-west-1" }).text)).toEqual({
      AccessKeyId: hostile.accessKeyId,
      SecretAccessKey: hostile.secretAccessKey,
      SessionToken: hostile.sessionToken,
      Expiration: "2030-01-02T03:04:05Z",
      Region: "eu-west-1",
    });
  });
  it("credential-process: Version 1, one line", () => {
    const { text } = formatEnv("credential-process", { credentials: sts, region: "eu-west-1" });
    expect(text.trimEnd()).not.toContain("\n");
    expect(JSON.parse(text)).toEqual({
      Version: 1,
      AccessKeyId: sts.accessKeyId,
      SecretAccessKey: sts.secretAccessKey,
      SessionToken: sts.sessionToken,
      Expiration: "2030-01-02T03:04:05Z",
    });
  });
  it("long-term keys: no SessionToken, no Expiration", () => {
    const text = formatEnv("credential-process", {
      credentials: { accessKeyId: "AKIAEXAMPLE000000000", secretAccessKey: "s" },
    }).text;
    expect(JSON.parse(text)).toEqual({
      Version: 1,
      AccessKeyId: "AKIAEXAMPLE000000000",
      SecretAccessKey: "s",
    });
  });
});

describe("isEnvFormat", () => {
  it.each([...ENV_FORMATS])("accepts %s", (f) => {
    expect(isEnvFormat(f)).toBe(true);
  });
  it.each(["", "bash", "JSON", "__proto__"])("rejects %j", (f) => {
    expect(isEnvFormat(f as EnvFormat)).toBe(false);
  });
});

// --- internal ---

function existsIn(dir: string, name: string): boolean {
  return spawnSync("test", ["-e", join(dir, name)]).status === 0;
}

function catchError(fn: () => unknown): Error {
  try {
    fn();
  } catch (error) {
    return error as Error;
  }
  throw new Error("expected an error");
}

function parseNameValueLines(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of text.split("\n").filter((l) => l !== "")) {
    const cut = line.indexOf("=");
    out[line.slice(0, cut)] = line.slice(cut + 1);
  }
  return out;
}

/** POSIX: concatenated '…' strings and \' escapes outside them. */
function unquoteSh(text: string): string {
  let out = "";
  let i = 0;
  while (i < text.length) {
    if (text[i] === "'") {
      const end = text.indexOf("'", i + 1);
      out += text.slice(i + 1, end);
      i = end + 1;
    } else if (text[i] === "\\") {
      out += text[i + 1];
      i += 2;
    } else throw new Error(`unquoted character in ${text}`);
  }
  return out;
}

/** fish: inside '…', only \\ and \' are escapes; any other backslash is literal. */
function unquoteFish(text: string): string {
  expect(text.startsWith("'") && text.endsWith("'")).toBe(true);
  let out = "";
  for (let i = 1; i < text.length - 1; i++) {
    const c = text[i];
    if (c === "\\" && (text[i + 1] === "\\" || text[i + 1] === "'")) {
      out += text[i + 1];
      i++;
    } else if (c === "'") throw new Error(`string ends early in ${text}`);
    else out += c;
  }
  return out;
}

/** PowerShell verbatim string: any of ' ‘ ’ ‚ ‛ opens/closes; a doubled one is a literal quote. */
function unquotePowerShell(text: string): string {
  const q = /['\u2018\u2019\u201A\u201B]/;
  expect(q.test(text[0] ?? "") && q.test(text.at(-1) ?? "")).toBe(true);
  let out = "";
  for (let i = 1; i < text.length - 1; i++) {
    const c = text[i] ?? "";
    if (q.test(c)) {
      if (!q.test(text[i + 1] ?? "") || i + 1 === text.length - 1)
        throw new Error(`string ends early in ${text}`);
      out += c;
      i++;
    } else out += c;
  }
  return out;
}
