// Bundles the GitHub Action (action.yml at the repository root): action/dist/main.cjs (the main step, and with
// --crossrole-serve the credential endpoint of `export: serve`) and action/dist/post.cjs (the post step). GitHub runs
// an action from the repository as it is, with no install or build step, so these bundles are committed: run
// `npm run build:action` after changing anything they include and commit action/dist/ with the change.
// test/unit/action-bundle.test.ts fails when the committed bundles differ from a fresh build.
import { mkdir, readFile, rm } from "node:fs/promises";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { build } from "esbuild";
import { writeThirdPartyNotices } from "./third-party-notices.mjs";

/** Builds the action's bundles and their notices into `outdir` (replaced). Deterministic for the same inputs. */
export async function bundleAction(outdir) {
  const pkg = JSON.parse(await readFile("package.json", "utf8"));
  await rm(outdir, { recursive: true, force: true });
  await mkdir(outdir, { recursive: true });
  const result = await build({
    bundle: true,
    platform: "node",
    target: "node20",
    format: "cjs",
    minify: true,
    legalComments: "none",
    logLevel: "warning",
    charset: "utf8",
    metafile: true,
    define: {
      __CROSSROLE_VERSION__: JSON.stringify(pkg.version),
      __CROSSROLE_HOMEPAGE__: JSON.stringify(pkg.homepage ?? ""),
      __CROSSROLE_BUGS_URL__: JSON.stringify(typeof pkg.bugs === "string" ? pkg.bugs : (pkg.bugs?.url ?? "")),
    },
    entryPoints: { main: "src/action/action-main-entry.ts", post: "src/action/action-post-entry.ts" },
    outdir,
    outExtension: { ".js": ".cjs" },
  });
  await writeThirdPartyNotices([result.metafile], join(outdir, "THIRD-PARTY-NOTICES.md"));
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) await bundleAction("action/dist");
