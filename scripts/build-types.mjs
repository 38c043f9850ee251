// Writes dist/types, the declarations of the library entry (package.json exports["."].types). The bundles inline
// every package they use, so installing crossrole installs nothing else: its declarations must not import a
// package either (a user compiling with skipLibCheck: false would get "Cannot find module"). So:
//  1. tsc emits the declarations of src (tsconfig.build.json);
//  2. only the files reachable from index.d.ts are kept (the others cannot be imported: exports has only ".");
//  3. a file that imports zod (the spec schema) is rewritten: each type inferred from a schema is written out,
//     and each schema constant is typed as a `Schema<Output>` declared in that file. A check program proves the
//     new types equal (type aliases) or wider than (constants) the ones tsc wrote;
//  4. the kept files are checked: no import of a package, no type error with skipLibCheck off.
import { execFileSync } from "node:child_process";
import { readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import ts from "typescript";

const outDir = resolve("dist/types");
const entry = join(outDir, "index.d.ts");
const options = compilerOptions();

function main() {
  rmSync(outDir, { recursive: true, force: true });
  execFileSync(process.execPath, [resolve("node_modules/typescript/bin/tsc"), "-p", "tsconfig.build.json"], {
    stdio: "inherit",
  });

  const kept = reachableFrom(entry);
  for (const file of readdirSync(outDir, { recursive: true })) {
    const path = join(outDir, file);
    if (path.endsWith(".d.ts") && !kept.has(path)) rmSync(path);
  }
  removeEmptyDirectories(outDir);

  const rewritten = [...kept].filter((file) => importsOf(file).includes("zod"));
  const originals = new Map(rewritten.map((file) => [file, readFileSync(file, "utf8")]));
  const program = ts.createProgram([...kept], options);
  for (const file of rewritten) writeFileSync(file, withoutZod(program, file));
  checkRewrites(originals);

  for (const file of kept) {
    const packages = importsOf(file).filter((s) => !s.startsWith(".") && !s.startsWith("node:"));
    if (packages.length > 0) {
      throw new Error(
        `${relative(".", file)} imports ${packages.join(", ")}, which installing crossrole does not install`,
      );
    }
  }
  const diagnostics = ts.getPreEmitDiagnostics(
    ts.createProgram([entry], { ...options, skipLibCheck: false }),
  );
  if (diagnostics.length > 0) throw new Error(formatDiagnostics(diagnostics));
}

function compilerOptions() {
  const config = ts.getParsedCommandLineOfConfigFile(
    "tsconfig.build.json",
    {},
    {
      ...ts.sys,
      onUnRecoverableConfigFileDiagnostic: (d) => {
        throw new Error(formatDiagnostics([d]));
      },
    },
  );
  const { rootDir, outDir, declarationDir, ...rest } = config.options;
  return { ...rest, noEmit: true, declaration: false, emitDeclarationOnly: false };
}

/** The module specifiers a declaration file names: imports, exports and `import("...")` types. */
function importsOf(file) {
  const info = ts.preProcessFile(readFileSync(file, "utf8"), true, true);
  return [...info.importedFiles, ...info.typeReferenceDirectives].map((f) => f.fileName);
}

function reachableFrom(start) {
  const seen = new Set();
  const visit = (file) => {
    if (seen.has(file)) return;
    seen.add(file);
    for (const s of importsOf(file)) {
      if (s.startsWith(".")) visit(resolve(dirname(file), s.replace(/\.js$/, ".d.ts")));
    }
  };
  visit(start);
  return seen;
}

function removeEmptyDirectories(dir) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.isDirectory()) removeEmptyDirectories(join(dir, entry.name));
  }
  if (dir !== outDir && readdirSync(dir).length === 0) rmSync(dir, { recursive: true });
}

const schemaInterface = `/**
 * A schema (zod 4, bundled into crossrole) typed by the value it returns, so that these declarations need no zod:
 * \`parse\` throws on invalid input, \`safeParse\` reports it, and \`~standard\` is the Standard Schema interface
 * (https://standardschema.dev) that validation libraries share.
 */
export interface Schema<Output> {
    parse(input: unknown): Output;
    safeParse(input: unknown): {
        success: true;
        data: Output;
    } | {
        success: false;
        error: Error & {
            issues: ReadonlyArray<{ message: string; path: PropertyKey[] }>;
        };
    };
    readonly "~standard": {
        readonly version: 1;
        readonly vendor: string;
        validate(value: unknown): { readonly value: Output; readonly issues?: undefined } | { readonly issues: ReadonlyArray<{ readonly message: string }> } | Promise<{ readonly value: Output; readonly issues?: undefined } | { readonly issues: ReadonlyArray<{ readonly message: string }> }>;
    };
}
`;

/** The text of `file` with its zod types written out (see the top of this file). */
function withoutZod(program, file) {
  const checker = program.getTypeChecker();
  const source = program.getSourceFile(file);
  const zodNames = new Set();
  const edits = [];
  const print = (type, at) => {
    const flags = ts.NodeBuilderFlags.NoTruncation | ts.NodeBuilderFlags.InTypeAlias;
    const node = checker.typeToTypeNode(type, at, flags);
    // Object types are built single-line; multi-line reads better in an editor.
    const multiLine = (n) => {
      ts.setEmitFlags(n, ts.EmitFlags.None);
      ts.forEachChild(n, multiLine);
    };
    multiLine(node);
    return ts.createPrinter().printNode(ts.EmitHint.Unspecified, node, source);
  };
  const mentionsZod = (node) => {
    let found = false;
    const visit = (n) => {
      if (ts.isIdentifier(n) && zodNames.has(n.text)) found = true;
      else ts.forEachChild(n, visit);
    };
    visit(node);
    return found;
  };
  const aliasByText = new Map();
  for (const statement of source.statements) {
    if (ts.isImportDeclaration(statement) && statement.moduleSpecifier.text === "zod") {
      const clause = statement.importClause;
      if (clause?.name) zodNames.add(clause.name.text);
      const bindings = clause?.namedBindings;
      if (bindings && ts.isNamespaceImport(bindings)) zodNames.add(bindings.name.text);
      if (bindings && ts.isNamedImports(bindings))
        for (const e of bindings.elements) zodNames.add(e.name.text);
      edits.push({ start: statement.getStart(source), end: statement.end, text: schemaInterface });
    } else if (ts.isTypeAliasDeclaration(statement) && mentionsZod(statement.type)) {
      const text = print(checker.getTypeAtLocation(statement.name), statement);
      if (!statement.typeParameters) aliasByText.set(text, statement.name.text);
      edits.push({ start: statement.type.getStart(source), end: statement.type.end, text });
    }
  }
  for (const statement of source.statements) {
    if (!ts.isVariableStatement(statement)) continue;
    for (const declaration of statement.declarationList.declarations) {
      if (!declaration.type || !mentionsZod(declaration.type)) continue;
      const output = checker.getTypeOfSymbol(
        checker.getTypeAtLocation(declaration.name).getProperty("_output"),
      );
      const text = print(output, statement);
      const type = `Schema<${aliasByText.get(text) ?? text}>`;
      edits.push({ start: declaration.type.getStart(source), end: declaration.type.end, text: type });
    }
  }
  let text = source.text;
  for (const edit of edits.sort((a, b) => b.start - a.start)) {
    text = text.slice(0, edit.start) + edit.text + text.slice(edit.end);
  }
  for (const name of zodNames) {
    if (new RegExp(`\\b${name}\\.`).test(text))
      throw new Error(`${relative(".", file)}: ${name}. is left after the rewrite`);
  }
  return text;
}

/** Proves each rewritten export equal (types) or wider (constants) than tsc's, by compiling a check file. */
function checkRewrites(originals) {
  const lines = ["type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;"];
  const temporary = [];
  let n = 0;
  for (const [file, text] of originals) {
    const copy = file.replace(/\.d\.ts$/, ".zod-original.d.ts");
    writeFileSync(copy, text);
    temporary.push(copy);
    const base = `./${relative(outDir, file).replace(/\.d\.ts$/, ".js")}`;
    const old = `./${relative(outDir, copy).replace(/\.d\.ts$/, ".js")}`;
    lines.push(`import type * as Old${n} from "${old}";`, `import type * as New${n} from "${base}";`);
    const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest);
    for (const statement of source.statements) {
      const exported = statement.modifiers?.some((m) => m.kind === ts.SyntaxKind.ExportKeyword);
      if (!exported) continue;
      if (ts.isTypeAliasDeclaration(statement) && !statement.typeParameters) {
        const name = statement.name.text;
        lines.push(`export const same${n}_${name}: Same<Old${n}.${name}, New${n}.${name}> = true;`);
      } else if (ts.isVariableStatement(statement)) {
        for (const d of statement.declarationList.declarations) {
          const name = d.name.getText(source);
          lines.push(`declare const old${n}_${name}: typeof Old${n}.${name};`);
          lines.push(`export const wider${n}_${name}: typeof New${n}.${name} = old${n}_${name};`);
        }
      }
    }
    n++;
  }
  const checkFile = join(outDir, "zod-rewrite-check.ts");
  writeFileSync(checkFile, `${lines.join("\n")}\n`);
  temporary.push(checkFile);
  try {
    const diagnostics = ts.getPreEmitDiagnostics(ts.createProgram([checkFile], options));
    if (diagnostics.length > 0)
      throw new Error(`the rewritten declarations differ:\n${formatDiagnostics(diagnostics)}`);
  } finally {
    for (const file of temporary) rmSync(file);
  }
}

function formatDiagnostics(diagnostics) {
  return ts.formatDiagnostics(diagnostics, {
    getCanonicalFileName: (f) => f,
    getCurrentDirectory: () => process.cwd(),
    getNewLine: () => "\n",
  });
}

main();
