// Bundles the CLI and the library with esbuild. The CLI is split per command (dynamic imports become their own
// chunks) so that a command loads only the code it needs: startup cost is a feature (see README, Performance).
// `assume`, whose start-up is benchmarked (bench/assume.ts), gets more bundles:
//  - dist/chunks/sts-adapter.cjs: the STS adapter and the AWS SDK as one CommonJS script, which
//    src/cli/sts-adapter-loader.ts runs with V8's code cache;
//  - dist/chunks/assume-fast-path.cjs and the executable dist/crossrole.cjs (CommonJS, see the end of this file).
// `plan` and `lint` get dist/chunks/offline-fast-path.cjs (CommonJS, run with V8's code cache by the executable).
import { chmod, readFile, rm } from "node:fs/promises";
import { relative, resolve } from "node:path";
import { build as esbuild } from "esbuild";
import { writeThirdPartyNotices } from "./third-party-notices.mjs";

const pkg = JSON.parse(await readFile("package.json", "utf8"));
await rm("dist", { recursive: true, force: true });

/** Every bundle's inputs, for the licence notices of the packages they inline. */
const metafiles = [];
async function build(options) {
  const result = await esbuild({ ...options, metafile: true });
  metafiles.push(result.metafile);
  return result;
}

const requireBanner =
  "import { createRequire as __crossroleCreateRequire } from 'node:module'; const require = __crossroleCreateRequire(import.meta.url);";
const common = {
  bundle: true,
  platform: "node",
  target: "node20",
  format: "esm",
  // Maps are written but cost nothing unless asked for: NODE_OPTIONS=--enable-source-maps gives readable stacks.
  sourcemap: "linked",
  // Without the sources inside: a stack trace still names src/ files and lines, and the package is 3x smaller.
  sourcesContent: false,
  // Minified: Node compiles less on every start (the cold path loads ~1 MB of AWS SDK).
  minify: true,
  legalComments: "none",
  logLevel: "warning",
  // The AWS SDK is bundled too: a single tree-shaken file loads faster than resolving hundreds of modules.
  banner: { js: requireBanner },
  define: {
    __CROSSROLE_VERSION__: JSON.stringify(pkg.version),
    // Named in --help and the bug report only when package.json has them.
    __CROSSROLE_HOMEPAGE__: JSON.stringify(pkg.homepage ?? ""),
    __CROSSROLE_BUGS_URL__: JSON.stringify(typeof pkg.bugs === "string" ? pkg.bugs : (pkg.bugs?.url ?? "")),
    // Relative to the chunk that loads it (src/cli/sts-adapter-loader.ts).
    __CROSSROLE_STS_SCRIPT__: JSON.stringify("./sts-adapter.cjs"),
  },
};

await build({
  ...common,
  entryPoints: {
    cli: "src/cli/main.ts",
    index: "src/index.ts",
    "docker-credential-cli": "src/cli/docker-credential-main.ts",
  },
  outdir: "dist",
  splitting: true,
  chunkNames: "chunks/[name]-[hash]",
  banner: { js: `#!/usr/bin/env node\n${requireBanner}` },
});
await chmod("dist/cli.js", 0o755);
await build({
  ...common,
  format: "cjs",
  banner: {},
  entryPoints: { "chunks/sts-adapter": "src/aws/sts-adapter.ts" },
  outdir: "dist",
  outExtension: { ".js": ".cjs" },
  // loadCachedScript reads it as latin1.
  charset: "ascii",
  // The caller hands the script its error classes (loadCachedScript's `modules`).
  plugins: [
    builtinImportsAsRequire(),
    lazyHttp2(),
    redirect("errors", /errors\.js$/, (args) => (isErrorsModule(args) ? "crossrole:errors" : undefined)),
  ],
});

/**
 * esbuild keeps `import("node:fs/promises")` as a dynamic import in CommonJS output, and one such import sets up
 * Node's whole ES-module loader (module jobs, translators, the resolver): a cold assume paid for it on its first
 * cache write. In the CommonJS bundles a builtin's dynamic import becomes a lazy require instead.
 */
function builtinImportsAsRequire() {
  return {
    name: "builtin-imports-as-require",
    setup(b) {
      b.onResolve({ filter: /^node:/ }, (args) =>
        args.kind === "dynamic-import" ? { path: args.path, namespace: "builtin-require" } : undefined,
      );
      b.onLoad({ filter: /.*/, namespace: "builtin-require" }, (args) => ({
        loader: "js",
        contents: `module.exports = require(${JSON.stringify(args.path)});`,
      }));
    },
  };
}

function isErrorsModule(args) {
  return resolve(args.resolveDir, args.path) === resolve("src/core/errors.js");
}

/** Marks imports matching `filter` external, under the path `to` returns (undefined: resolve normally). */
function redirect(name, filter, to) {
  return {
    name,
    setup(b) {
      b.onResolve({ filter }, (args) => {
        const path = to(args);
        return path === undefined ? undefined : { path, external: true };
      });
    },
  };
}

/**
 * node:http2 is imported by the SDK's HTTP handler for its HTTP/2 handler, which STS never uses; loading it (and
 * what it pulls in) is a measurable share of a cold start. This loads it on first use instead.
 */
function lazyHttp2() {
  return {
    name: "lazy-http2",
    setup(b) {
      b.onResolve({ filter: /^(node:)?http2$/ }, (args) =>
        args.namespace === "lazy-http2" ? undefined : { path: "http2", namespace: "lazy-http2" },
      );
      b.onLoad({ filter: /.*/, namespace: "lazy-http2" }, () => ({
        loader: "js",
        contents: `let m; const load = () => (m ??= require("node:http2"));
const constants = new Proxy({}, { get: (_, k) => load().constants[k] });
module.exports = new Proxy({}, { get: (_, k) => (k === "constants" ? constants : load()[k]) });`,
      }));
    },
  };
}

/**
 * import.meta.url in a CommonJS bundle, computed when read: the file URL of the bundle. Not in a banner that runs
 * on every start: the first URL a process builds costs a measurable share of a cache-hit `assume`.
 */
const lazyImportMetaUrl = {
  banner: {
    js: 'var __crossroleMeta = { get url() { return require("node:url").pathToFileURL(__filename).href; } };',
  },
  define: { ...common.define, "import.meta.url": "__crossroleMeta.url" },
};

// The executable: a CommonJS launcher, so `crossrole assume` of a cached session or of a target known without
// the spec parser (chunks/assume-fast-path.cjs, CommonJS too) never initialises Node's ES-module loader; anything
// else imports the ES-module CLI (dist/cli.js). The fast path's module graph does not import the spec parser or the
// ES-module STS adapter (they are injected by the full CLI: src/workflows/assume-target.ts); this build fails if any
// of them ever reaches the bundle, whatever a file is called.
const fastPath = await build({
  ...common,
  format: "cjs",
  // sts-adapter-loader.ts finds ./sts-adapter.cjs next to itself through import.meta.url (lazyImportMetaUrl).
  ...lazyImportMetaUrl,
  entryPoints: { "chunks/assume-fast-path": "src/cli/assume-fast-path.ts" },
  outdir: "dist",
  outExtension: { ".js": ".cjs" },
  plugins: [builtinImportsAsRequire()],
  metafile: true,
});
refuseInputs("dist/chunks/assume-fast-path.cjs", fastPath.metafile, [
  /(^|\/)node_modules\/(yaml|zod)\//,
  /(^|\/)node_modules\/@aws-sdk\//,
  /^src\/aws\/sts-adapter\.ts$/,
  /^src\/core\/spec\/parse-spec\.ts$/,
  /^src\/core\/spec\/spec-schema\.ts$/,
  // Options are parsed from the option table; their help text is for --help and completion only.
  /^src\/cli\/options\/(option-help|render-options-help)\.ts$/,
]);
// `plan` and `lint` as one CommonJS bundle too (src/cli/offline-fast-path.ts), run by the launcher with V8's code
// cache instead of the ES-module CLI's chunks. The spec's full parser (zod, the yaml package), which loadSpec
// imports only for a spec the light reader declines, is not in it: that import throws HandOverToFullCli and the
// launcher runs the full CLI.
const offline = await build({
  ...common,
  format: "cjs",
  ...lazyImportMetaUrl,
  entryPoints: { "chunks/offline-fast-path": "src/cli/offline-fast-path.ts" },
  outdir: "dist",
  outExtension: { ".js": ".cjs" },
  plugins: [
    builtinImportsAsRequire(),
    handOverInstead(["src/core/spec/parse-spec.ts", "src/core/spec/validate-plain-spec-with-schema.ts"]),
  ],
});
refuseInputs("dist/chunks/offline-fast-path.cjs", offline.metafile, [
  /(^|\/)node_modules\/(yaml|zod)\//,
  /(^|\/)node_modules\/@aws-sdk\//,
  /^src\/aws\//,
  /^src\/core\/spec\/parse-spec\.ts$/,
  /^src\/core\/spec\/spec-schema\.ts$/,
]);

/**
 * Builds each of `modules` (source paths) as a module that throws HandOverToFullCli when it is loaded, for a
 * fast-path bundle that must not carry them. Only a dynamic `import()` may reach one (the failed import rejects,
 * before the command wrote anything); a static import would throw as the bundle loads, so it fails the build.
 */
function handOverInstead(modules) {
  const replaced = new Set(modules.map((m) => resolve(m)));
  return {
    name: "hand-over-instead",
    setup(b) {
      b.onResolve({ filter: /\.js$/ }, (args) => {
        if (args.namespace !== "file" || !args.path.startsWith(".")) return undefined;
        const source = resolve(args.resolveDir, args.path).replace(/\.js$/, ".ts");
        if (!replaced.has(source)) return undefined;
        if (args.kind !== "dynamic-import") {
          return {
            errors: [
              {
                text: `${args.importer} imports ${args.path} statically: a fast path must reach the modules it hands over for only through import()`,
              },
            ],
          };
        }
        return { path: source, namespace: "hand-over" };
      });
      b.onLoad({ filter: /.*/, namespace: "hand-over" }, (args) => ({
        loader: "ts",
        resolveDir: resolve("src/cli"),
        contents: `import { HandOverToFullCli } from "./hand-over-to-full-cli.js";\nthrow new HandOverToFullCli(${JSON.stringify(relative(resolve("."), args.path))});\n`,
      }));
    },
  };
}
await build({
  ...common,
  format: "cjs",
  banner: { js: "#!/usr/bin/env node" },
  entryPoints: { crossrole: "src/cli/bin.ts" },
  outdir: "dist",
  outExtension: { ".js": ".cjs" },
  // It runs the fast path with its code cache (src/local/cache/load-cached-script.ts), whose first save imports
  // node:fs/promises: as a require, so that it never starts the ES-module loader.
  plugins: [redirect("fast-path", /assume-fast-path\.cjs$/, (args) => args.path), builtinImportsAsRequire()],
});
await chmod("dist/crossrole.cjs", 0o755);
// The credential helper's executable, CommonJS for the same reason: `get` with a cached token is answered without
// the ES-module loader (src/cli/docker-credential-bin.ts); anything else imports dist/docker-credential-cli.js.
await build({
  ...common,
  format: "cjs",
  banner: { js: "#!/usr/bin/env node" },
  entryPoints: { "docker-credential-crossrole": "src/cli/docker-credential-bin.ts" },
  outdir: "dist",
  outExtension: { ".js": ".cjs" },
  plugins: [redirect("helper-cli", /docker-credential-cli\.js$/, (args) => args.path)],
});
await chmod("dist/docker-credential-crossrole.cjs", 0o755);
await writeThirdPartyNotices(metafiles, "dist/THIRD-PARTY-NOTICES.md");

/**
 * Fails the build when a bundle's inputs (esbuild's metafile) include a module that must stay out of it: the
 * check does not depend on file names chosen elsewhere, only on what the module graph really pulled in.
 */
function refuseInputs(output, metafile, forbidden) {
  const found = Object.keys(metafile.inputs).filter((input) => forbidden.some((re) => re.test(input)));
  if (found.length > 0) {
    throw new Error(
      `${output} must not bundle the spec parser, zod, the AWS SDK, the ES-module STS adapter or the options' help, but its module graph pulls in:\n  ${found.join("\n  ")}\n(inject what the fast path must not load from the full CLI instead: see src/workflows/assume-target.ts)`,
    );
  }
}
