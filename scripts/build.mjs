// Bundles the CLI and the library with esbuild. The CLI is split per command (dynamic imports become their own
// chunks) so that a command loads only the code it needs: startup cost is a feature (see README, Performance).
// `assume`, whose start-up is benchmarked (bench/assume.ts), gets more bundles:
//  - dist/chunks/sts-adapter.cjs: the STS adapter and the AWS SDK as one CommonJS script, which
//    src/cli/sts-adapter-loader.ts runs with V8's code cache;
//  - dist/chunks/assume-fast-path.cjs and the executable dist/crossrole.cjs (CommonJS, see the end of this file).
import { chmod, readFile, rm } from "node:fs/promises";
import { resolve } from "node:path";
import { build } from "esbuild";

const pkg = JSON.parse(await readFile("package.json", "utf8"));
await rm("dist", { recursive: true, force: true });

const requireBanner =
  "import { createRequire as __crossroleCreateRequire } from 'node:module'; const require = __crossroleCreateRequire(import.meta.url);";
const common = {
  bundle: true,
  platform: "node",
  target: "node20",
  format: "esm",
  // Maps are written but cost nothing unless asked for: NODE_OPTIONS=--enable-source-maps gives readable stacks.
  sourcemap: "linked",
  // Minified: Node compiles less on every start (the cold path loads ~1 MB of AWS SDK).
  minify: true,
  legalComments: "none",
  logLevel: "warning",
  // The AWS SDK is bundled too: a single tree-shaken file loads faster than resolving hundreds of modules.
  banner: { js: requireBanner },
  define: {
    __CROSSROLE_VERSION__: JSON.stringify(pkg.version),
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
    lazyHttp2(),
    redirect("errors", /errors\.js$/, (args) => (isErrorsModule(args) ? "crossrole:errors" : undefined)),
  ],
});

/**
 * The fast path returns undefined before it would parse the spec (or load the ES-module STS adapter, which the
 * code-cached script replaces): those dynamic imports become a module that throws, which the fast path catches
 * like any other error, so yaml, zod and a second copy of the SDK stay out of the bundle.
 */
function leftToFullCli(filter) {
  return {
    name: "left-to-full-cli",
    setup(b) {
      b.onResolve({ filter }, (args) =>
        args.kind === "dynamic-import" ? { path: args.path, namespace: "left-to-full-cli" } : undefined,
      );
      b.onLoad({ filter: /.*/, namespace: "left-to-full-cli" }, (args) => ({
        loader: "js",
        contents: `throw new Error(${JSON.stringify(`${args.path}: left to the full CLI`)});`,
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

// The executable: a CommonJS launcher, so `crossrole assume` of a cached session or of a target known without
// parsing the spec (chunks/assume-fast-path.cjs, CommonJS too) never initialises Node's ES-module loader; anything
// else imports the ES-module CLI (dist/cli.js).
const specOnly = /\/(load-spec|build-access-plan|select-targets|sts-adapter)\.js$/;
await build({
  ...common,
  format: "cjs",
  // sts-adapter-loader.ts finds ./sts-adapter.cjs next to itself through import.meta.url.
  banner: { js: 'var __crossroleUrl = require("node:url").pathToFileURL(__filename).href;' },
  define: { ...common.define, "import.meta.url": "__crossroleUrl" },
  entryPoints: { "chunks/assume-fast-path": "src/cli/assume-fast-path.ts" },
  outdir: "dist",
  outExtension: { ".js": ".cjs" },
  plugins: [leftToFullCli(specOnly)],
});
await build({
  ...common,
  format: "cjs",
  banner: { js: "#!/usr/bin/env node" },
  entryPoints: { crossrole: "src/cli/bin.ts" },
  outdir: "dist",
  outExtension: { ".js": ".cjs" },
  plugins: [redirect("fast-path", /assume-fast-path\.cjs$/, (args) => args.path)],
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
