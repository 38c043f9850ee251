import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: "unit",
          include: ["src/**/*.test.ts", "test/unit/**/*.test.ts"],
        },
      },
      {
        test: {
          name: "cli",
          include: ["test/cli/**/*.test.ts"],
          testTimeout: 30_000,
        },
      },
      {
        test: {
          name: "emulator",
          include: ["test/emulator/**/*.test.ts", "test/integration/**/*.test.ts"],
          globalSetup: ["test/emulator/global-setup.ts"],
          // One shared server, reset between files: files run one at a time (useEmulator() enforces it).
          fileParallelism: false,
          testTimeout: 60_000,
          hookTimeout: 60_000,
        },
      },
    ],
  },
});
