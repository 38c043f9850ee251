import { defineConfig } from "vitest/config";

/** `npm run test:aws` (test/acceptance/run-acceptance.ts): the acceptance suite alone, one file, steps in order. */
export default defineConfig({
  test: {
    name: "aws",
    root: new URL("../..", import.meta.url).pathname,
    include: ["test/acceptance/**/*.test.ts"],
    setupFiles: ["test/support/quiet-sdk-node-version-warning.ts"],
    fileParallelism: false,
    testTimeout: 300_000,
    hookTimeout: 600_000,
    reporters: ["default"],
  },
});
