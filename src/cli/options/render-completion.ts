import type { CompletionCommand, CompletionFlag } from "./completion-model.js";

/** The shells `crossrole completion` writes a script for. */
export const COMPLETION_SHELLS = ["bash", "zsh", "fish"] as const;
export type CompletionShell = (typeof COMPLETION_SHELLS)[number];

/**
 * A completion script for `shell`, generated from the completion model (the option table): commands, `ecr`'s
 * subcommands, each command's flags and their values; target names come from `crossrole __complete targets` at
 * completion time (the spec found as the CLI finds it; silent when there is none).
 */
export function renderCompletion(shell: CompletionShell, model: readonly CompletionCommand[]): string {
  return shell === "fish" ? renderFish(model) : renderPosix(shell, model);
}

// --- internal ---

/** The words typed so far go along, so a -c FILE among them picks the spec (as the command will). */
const TARGETS = `crossrole __complete targets "\${_crossrole_before[@]}"`;
const FISH_TARGETS = "crossrole __complete targets (commandline -opc)";

/** bash and zsh share one body (POSIX-ish `case`, arrays read the same way); only the edges differ. */
function renderPosix(shell: "bash" | "zsh", model: readonly CompletionCommand[]): string {
  const top = model.filter((c) => !c.name.includes(" "));
  const valued = new Set<string>();
  for (const c of model) {
    for (const f of c.flags) {
      if (!f.takesValue) continue;
      valued.add(`--${f.flag}`);
      if (f.short !== undefined) valued.add(`-${f.short}`);
    }
  }
  const valueCases: string[] = [];
  const flagCases: string[] = [];
  const positionalCases: string[] = [];
  for (const c of model) {
    for (const f of c.flags.filter((x) => x.takesValue)) {
      const names = [`--${f.flag}`, ...(f.short === undefined ? [] : [`-${f.short}`])];
      valueCases.push(`    ${names.map((n) => `"${c.name} ${n}"`).join("|")}) ${valueAction(f)}; return ;;`);
    }
    const flags = c.flags.map((f) => `--${f.flag}`).join(" ");
    if (flags !== "") flagCases.push(`    "${c.name}") __crossrole_words "${flags}" ;;`);
    if (c.modes.length > 0) {
      positionalCases.push(
        `    "${c.name}") if [[ -z $mode ]]; then __crossrole_words "${c.modes.join(" ")}"; ${c.targets ? `else __crossrole_words "$(${TARGETS} 2>/dev/null)"; ` : ""}fi ;;`,
      );
    } else if (c.targets) {
      positionalCases.push(`    "${c.name}") __crossrole_words "$(${TARGETS} 2>/dev/null)" ;;`);
    }
  }
  const body = `  local cmd="" sub="" mode="" skip="" w seen_cmd=""
  for w in "\${_crossrole_before[@]}"; do
    if [[ -z $seen_cmd ]]; then seen_cmd=1; continue; fi
    if [[ -n $skip ]]; then skip=""; continue; fi
    if [[ $w == -- ]]; then return 0; fi
    case " ${[...valued].sort().join(" ")} " in
      *" $w "*) skip=1; continue ;;
    esac
    [[ $w == -* ]] && continue
    if [[ -z $cmd ]]; then cmd=$w
    elif [[ $cmd == ecr && -z $sub ]]; then sub=$w
    elif [[ -z $mode ]]; then mode=$w
    fi
  done
  if [[ -z $cmd ]]; then
    __crossrole_words "${top.map((c) => c.name).join(" ")} --help --version"
    return 0
  fi
  if [[ $cmd == ecr && -z $sub ]]; then
    __crossrole_words "${model.find((c) => c.name === "ecr")?.modes.join(" ") ?? ""} --help"
    return 0
  fi
  local key=$cmd
  [[ $cmd == ecr ]] && key="ecr $sub"
  case "$key $_crossrole_prev" in
${valueCases.join("\n")}
  esac
  if [[ $_crossrole_cur == -* ]]; then
    case "$key" in
${flagCases.join("\n")}
    esac
    return 0
  fi
  case "$key" in
${positionalCases.join("\n")}
  esac
  return 0`;
  if (shell === "bash") {
    return `# crossrole completion for bash, generated from crossrole's option table.
# Load it: source <(crossrole completion bash)   (or save it under ~/.local/share/bash-completion/completions/crossrole)
__crossrole_words() { COMPREPLY+=($(compgen -W "$1" -- "$_crossrole_cur")); }
__crossrole_files() { compopt -o filenames 2>/dev/null; COMPREPLY+=($(compgen -f -- "$_crossrole_cur")); }
__crossrole_dirs() { compopt -o filenames 2>/dev/null; COMPREPLY+=($(compgen -d -- "$_crossrole_cur")); }
__crossrole_profiles() { __crossrole_words "$(sed -n 's/^\\[\\(profile \\)\\{0,1\\}\\([^]]*\\)\\].*/\\2/p' "\${AWS_CONFIG_FILE:-$HOME/.aws/config}" "\${AWS_SHARED_CREDENTIALS_FILE:-$HOME/.aws/credentials}" 2>/dev/null | sort -u)"; }
_crossrole() {
  COMPREPLY=()
  local _crossrole_cur="\${COMP_WORDS[COMP_CWORD]}"
  local -a _crossrole_before=("\${COMP_WORDS[@]:0:COMP_CWORD}")
  local _crossrole_prev="\${COMP_WORDS[COMP_CWORD-1]}"
${body}
}
complete -F _crossrole crossrole
`;
  }
  return `#compdef crossrole
# crossrole completion for zsh, generated from crossrole's option table.
# Load it: source <(crossrole completion zsh)   (or save it as _crossrole in a directory of $fpath)
__crossrole_words() { local -a w; w=(\${=1}); compadd -- "\${w[@]}"; }
__crossrole_files() { _files; }
__crossrole_dirs() { _files -/; }
__crossrole_profiles() { __crossrole_words "$(sed -n 's/^\\[\\(profile \\)\\{0,1\\}\\([^]]*\\)\\].*/\\2/p' "\${AWS_CONFIG_FILE:-$HOME/.aws/config}" "\${AWS_SHARED_CREDENTIALS_FILE:-$HOME/.aws/credentials}" 2>/dev/null | sort -u)"; }
_crossrole() {
  local _crossrole_cur="\${words[CURRENT]}"
  local -a _crossrole_before
  _crossrole_before=("\${(@)words[1,CURRENT-1]}")
  local _crossrole_prev="\${words[CURRENT-1]}"
${body}
}
if (( $+functions[compdef] )); then compdef _crossrole crossrole; fi
`;
}

function valueAction(f: CompletionFlag): string {
  const v = f.values;
  if (v === undefined) return ":";
  if (v === "targets") return `__crossrole_words "$(${TARGETS} 2>/dev/null)"`;
  if (v === "files") return "__crossrole_files";
  if (v === "dirs") return "__crossrole_dirs";
  if (v === "profiles") return "__crossrole_profiles";
  return `__crossrole_words "${v.join(" ")}"`;
}

function renderFish(model: readonly CompletionCommand[]): string {
  const top = model.filter((c) => !c.name.includes(" "));
  const ecrSubs = model.find((c) => c.name === "ecr")?.modes ?? [];
  const lines = [
    "# crossrole completion for fish, generated from crossrole's option table.",
    "# Load it: crossrole completion fish | source   (or save it as ~/.config/fish/completions/crossrole.fish)",
    "complete -c crossrole -f",
    `complete -c crossrole -n __fish_use_subcommand -s h -l help -d 'Show help'`,
    `complete -c crossrole -n __fish_use_subcommand -s v -l version -d 'Show the version'`,
  ];
  for (const c of top) {
    lines.push(`complete -c crossrole -n __fish_use_subcommand -a ${c.name} -d ${quote(c.summary)}`);
  }
  const subList = ecrSubs.join(" ");
  for (const c of model) {
    const [head, sub] = c.name.split(" ");
    const cond =
      sub === undefined
        ? head === "ecr"
          ? `__fish_seen_subcommand_from ecr; and not __fish_seen_subcommand_from ${subList}`
          : `__fish_seen_subcommand_from ${head}`
        : `__fish_seen_subcommand_from ecr; and __fish_seen_subcommand_from ${sub}`;
    if (head === "ecr" && sub === undefined) {
      for (const m of c.modes) lines.push(`complete -c crossrole -n ${quote(cond)} -a ${m}`);
      continue;
    }
    for (const m of c.modes) lines.push(`complete -c crossrole -n ${quote(cond)} -a ${m}`);
    if (c.targets) lines.push(`complete -c crossrole -n ${quote(cond)} -a '(${FISH_TARGETS} 2>/dev/null)'`);
    for (const f of c.flags) {
      const parts = [`complete -c crossrole -n ${quote(cond)}`];
      if (f.short !== undefined) parts.push(`-s ${f.short}`);
      parts.push(`-l ${f.flag}`);
      if (f.takesValue) {
        const v = f.values;
        // -r -F: a file name; -x: a value, no file names.
        parts.push(v === "files" || v === "dirs" ? "-r -F" : "-x");
        if (v === "targets") parts.push(`-a '(${FISH_TARGETS} 2>/dev/null)'`);
        else if (v === "profiles") parts.push(`-a '(__fish_crossrole_profiles)'`);
        else if (Array.isArray(v)) parts.push(`-a ${quote(v.join(" "))}`);
      }
      parts.push(`-d ${quote(f.summary)}`);
      lines.push(parts.join(" "));
    }
  }
  lines.splice(
    2,
    0,
    "function __fish_crossrole_profiles",
    "    set -l files (set -q AWS_CONFIG_FILE; and echo $AWS_CONFIG_FILE; or echo ~/.aws/config) (set -q AWS_SHARED_CREDENTIALS_FILE; and echo $AWS_SHARED_CREDENTIALS_FILE; or echo ~/.aws/credentials)",
    "    cat $files 2>/dev/null | string replace -rf '^\\[(?:profile )?([^\\]]+)\\].*' '$1' | sort -u",
    "end",
  );
  return `${lines.join("\n")}\n`;
}

function quote(text: string): string {
  return `'${text.replace(/\\/g, "\\\\").replace(/'/g, "\\'")}'`;
}
