import { mkdir, symlink, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { optionalTool } from "../support/optional-tool.js";
import { runProcess } from "../support/run-process.js";
import { cliPath, initSpec, makeTempDir, runCli } from "./run-cli.js";

/**
 * Real shells: bash always; fish and zsh when installed (.ci/run installs both, so CI never skips them), with the
 * reason printed when they are not.
 */
const shells = new Map(
  ["bash", "zsh", "fish"].map((shell) => [
    shell,
    shell === "bash" ||
      optionalTool(shell, `crossrole completion ${shell} tests`, {
        ciInstalls: true,
        install: `apt-get install ${shell}`,
      }),
  ]),
);
const has = (shell: string): boolean => shells.get(shell) === true;

let dir: string;
let cleanup: () => Promise<void>;
let env: Record<string, string>;
const scripts: Record<string, string> = {};

beforeAll(async () => {
  ({ dir, cleanup } = await makeTempDir());
  await initSpec(dir); // target ourthing
  // A second spec, chosen with -c: its target is "another".
  await mkdir(join(dir, "sub"));
  await runCli(
    [
      "init",
      "--build-account",
      "222222222222",
      "--build-principal",
      "user/ci",
      "--target",
      "another=111111111111",
    ].concat(["--region", "eu-west-1", "--out", join(dir, "sub", "other.yaml")]),
    { cwd: dir },
  );
  // `crossrole` on PATH, as an installed CLI: the scripts call it back for target names.
  await mkdir(join(dir, "bin"));
  await symlink(cliPath, join(dir, "bin", "crossrole"));
  env = { PATH: `${join(dir, "bin")}:${dirname(process.execPath)}:/usr/bin:/bin`, HOME: dir };
  for (const shell of ["bash", "zsh", "fish"]) {
    const r = await runCli(["completion", shell], { cwd: dir });
    expect(r.code, r.stderr).toBe(0);
    scripts[shell] = join(dir, `completion.${shell}`);
    await writeFile(scripts[shell], r.stdout);
  }
}, 60_000);
afterAll(() => cleanup());

/** What each shell completes for the words typed so far (the last one is being completed). */
const cases: [string[], string[], string[]][] = [
  // words, expected among the candidates, not expected
  [["crossrole", "ass"], ["assume"], ["apply"]],
  [["crossrole", ""], ["init", "plan", "ecr", "completion"], ["__complete"]],
  [["crossrole", "apply", "--dry"], ["--dry-run"], ["--yes"]],
  [["crossrole", "apply", ""], ["ourthing"], ["another"]],
  [["crossrole", "apply", "-c", "sub/other.yaml", ""], ["another"], ["ourthing"]],
  [["crossrole", "apply", "--side", ""], ["target", "build", "all"], []],
  [["crossrole", "ecr", ""], ["login", "configure-helper", "logout"], []],
  [["crossrole", "ecr", "login", "--reg"], ["--registry-id", "--region"], []],
  [["crossrole", "ecr", "login", ""], ["ourthing"], []],
  [["crossrole", "plan", "--format", ""], ["text", "json", "cloudformation", "terraform"], []],
  [["crossrole", "assume", "--format", "d"], ["dotenv"], ["sh"]],
  [["crossrole", "rotate", ""], ["external-id", "build-key"], []],
  [["crossrole", "completion", ""], ["bash", "zsh", "fish"], []],
];

async function complete(shell: string, words: string[]): Promise<string[]> {
  const script = scripts[shell] as string;
  const quoted = words.map((w) => `'${w}'`).join(" ");
  const harness =
    shell === "bash"
      ? `source '${script}'; COMP_WORDS=(${quoted}); COMP_CWORD=$((\${#COMP_WORDS[@]}-1)); _crossrole; printf '%s\\n' "\${COMPREPLY[@]}"`
      : shell === "zsh"
        ? // Outside a completion widget: compadd and _files stand in, printing what they are given.
          `compdef() { :; }; source '${script}'; compadd() { [[ $1 == -- ]] && shift; print -l -- "$@"; }; _files() { :; }; words=(${quoted}); CURRENT=\${#words}; _crossrole`
        : `source '${script}'; complete -C ${shellQuote(words.join(" "))}`;
  const args = shell === "zsh" ? ["-f", "-c", harness] : ["-c", harness];
  const run = await runProcess(shell, args, { cwd: dir, env, input: "" });
  expect(run.stderr, `${shell}: ${run.stderr}`).toBe("");
  const current = words.at(-1) ?? "";
  return run.stdout
    .split("\n")
    .map((l) => l.split("\t")[0] ?? "")
    .filter((w) => w !== "" && w.startsWith(current));
}

function shellQuote(text: string): string {
  return `'${text.replace(/'/g, "\\'")}'`;
}

describe.each(["bash", "zsh", "fish"])("crossrole completion %s, in the real shell", (shell) => {
  it.skipIf(!has(shell)).each(cases)("%j", async (words, expected, unexpected) => {
    const got = await complete(shell, words);
    for (const w of expected) expect(got, `${shell} ${words.join(" ")}`).toContain(w);
    for (const w of unexpected) expect(got, `${shell} ${words.join(" ")}`).not.toContain(w);
  });
});

describe("crossrole completion", () => {
  it("refuses an unknown shell (exit 2) and __complete is silent without a spec", async () => {
    const bad = await runCli(["completion", "tcsh"], { cwd: dir });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/unknown shell "tcsh"; accepted: bash, zsh, fish/);
    const { dir: empty, cleanup: done } = await makeTempDir();
    try {
      const none = await runCli(["__complete", "targets"], { cwd: empty });
      expect(none).toEqual({ code: 0, stdout: "", stderr: "" });
    } finally {
      await done();
    }
    const help = await runCli(["--help"], { cwd: dir });
    expect(help.stdout).not.toContain("__complete");
  });
});
