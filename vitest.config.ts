import { defineConfig } from "vitest/config";

/** Every project: see the file. */
const setupFiles = ["test/support/quiet-sdk-node-version-warning.ts"];

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: "unit",
          setupFiles,
          include: ["src/**/*.test.ts", "test/unit/**/*.test.ts"],
        },
      },
      {
        test: {
          name: "cli",
          setupFiles,
          include: ["test/cli/**/*.test.ts"],
          testTimeout: 30_000,
        },
      },
      {
        test: {
          name: "emulator",
          setupFiles,
          include: ["test/emulator/**/*.test.ts", "test/integration/**/*.test.ts"],
          globalSetup: ["test/emulator/global-setup.ts", "test/integration/dist-snapshot.ts"],
          // One shared server, reset between files: files run one at a time (useEmulator() enforces it).
          fileParallelism: false,
          testTimeout: 60_000,
          hookTimeout: 60_000,
        },
      },
    ],
  },
});
