// Bundles the CLI and the library with esbuild. The CLI is split per command (dynamic imports become their own
// chunks) so that a command loads only the code it needs: startup cost is a feature (see README, Performance).
import { chmod, readFile, rm } from "node:fs/promises";
import { build } from "esbuild";

const pkg = JSON.parse(await readFile("package.json", "utf8"));
await rm("dist", { recursive: true, force: true });

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
  banner: {
    js: "import { createRequire as __crossroleCreateRequire } from 'node:module'; const require = __crossroleCreateRequire(import.meta.url);",
  },
};

await build({
  ...common,
  define: { __CROSSROLE_VERSION__: JSON.stringify(pkg.version) },
  entryPoints: {
    cli: "src/cli/main.ts",
    index: "src/index.ts",
    "docker-credential-crossrole": "src/cli/docker-credential-main.ts",
  },
  outdir: "dist",
  splitting: true,
  chunkNames: "chunks/[name]-[hash]",
  banner: { js: `#!/usr/bin/env node\n${common.banner.js}` },
});
await chmod("dist/cli.js", 0o755);
await chmod("dist/docker-credential-crossrole.js", 0o755);
