import { basename, dirname } from "node:path";
import { SpecError, type SpecIssue, UsageError } from "../core/errors.js";
import { generateExternalId } from "../core/plan/generate-external-id.js";
import { defaultSpecName } from "../core/spec/default-spec-name.js";
import { parseSpec } from "../core/spec/parse-spec.js";
import { writeFileAtomic } from "../local/fs/write-file-atomic.js";
import { renderStarterSpec } from "../outputs/render-starter-spec.js";
import { schemaUrl } from "../outputs/schema-url.js";

/** What `crossrole init` writes. */
export interface InitSpecOptions {
  /** Where to write the spec. */
  file: string;
  /** Replace an existing file. */
  force: boolean;
  region: string;
  buildAccount: string;
  /** `user/NAME`, `role/NAME`, a full IAM ARN, or `root`. */
  buildPrincipal: string;
  /** One entry per `--target NAME=ACCOUNT`. */
  targets: Array<{ name: string; account: string }>;
  /** Role name (optionally `/path/NAME`) created in every target. */
  role: string;
  /** The spec's `name:` (its part of a shared BUILD grant); default: the directory's name plus 4 random characters. */
  name?: string | undefined;
  /** crossrole's version: the written `$schema` points at this release's schema. */
  version?: string | undefined;
}

/** Side effects initSpec needs. */
export interface InitSpecDeps {
  /** A cryptographic RNG, e.g. `node:crypto` `randomBytes`. */
  randomBytes: (n: number) => Uint8Array;
}

/** What was written: the file and each target's generated ExternalId. */
export interface InitSpecResult {
  file: string;
  /** The spec's `name:`. */
  name: string;
  targets: Array<{ name: string; externalId: string }>;
}

/**
 * Writes a starter spec with one generated ExternalId per target. The inputs are validated by rendering the spec
 * and parsing it back, so a bad flag gets the same message a bad spec field would, named after the flag
 * (`--build-account: must be exactly 12 digits`). Nothing is written when anything is invalid.
 * @throws UsageError for invalid inputs, FileExistsError when `file` exists and `force` is false, EnvironmentError
 *   when the file cannot be written (or is a symlink).
 */
export async function initSpec(options: InitSpecOptions, deps: InitSpecDeps): Promise<InitSpecResult> {
  checkTargetNames(options.targets);
  const targets = options.targets.map((t) => ({
    ...t,
    role: options.role,
    externalId: generateExternalId(deps.randomBytes),
  }));
  const name = options.name ?? defaultSpecName(basename(dirname(options.file)), deps.randomBytes);
  const text = renderStarterSpec({
    ...options,
    name,
    targets,
    schemaUrl: schemaUrl(options.version ?? "latest"),
  });
  try {
    parseSpec(text, options.file);
  } catch (error) {
    if (error instanceof SpecError) throw asFlagError(error);
    throw error;
  }
  await writeFileAtomic(options.file, text, { overwrite: options.force });
  return { file: options.file, name, targets: targets.map(({ name, externalId }) => ({ name, externalId })) };
}

// --- internal ---

const HINT = "Run: crossrole init --help";

function checkTargetNames(targets: InitSpecOptions["targets"]): void {
  if (targets.length === 0) {
    throw new UsageError("crossrole init: give at least one --target NAME=ACCOUNT.", { hint: HINT });
  }
  const seen = new Set<string>();
  for (const { name } of targets) {
    if (seen.has(name.toLowerCase())) {
      throw new UsageError(
        `crossrole init: --target ${name} is given twice; each target needs its own name.`,
        {
          hint: HINT,
        },
      );
    }
    seen.add(name.toLowerCase());
  }
}

/** The spec's problems, re-addressed to the flags the values came from. */
function asFlagError(error: SpecError): UsageError {
  const lines = error.issues.map((issue) => `  ${flagOf(issue)}: ${issue.message}`);
  return new UsageError(`crossrole init: invalid options:\n${lines.join("\n")}`, {
    hint: HINT,
    cause: error,
  });
}

function flagOf(issue: SpecIssue): string {
  const { path } = issue;
  if (path === "region" || path.endsWith(".region")) return "--region";
  if (path === "name") return "--name";
  if (path === "build.account") return "--build-account";
  if (path === "build.principal") return "--build-principal";
  if (path.endsWith(".role")) return "--role";
  const target = /^targets(?:\.([\w-]+)|\[("(?:[^"\\]|\\.)*")\])/.exec(path);
  if (target === null) return path === "" ? "options" : path;
  const name = target[1] ?? (JSON.parse(target[2] ?? '""') as string);
  return `--target ${name}`;
}
