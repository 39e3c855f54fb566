import { defineConfig } from "vitest/config";

// One root config: every package's tests run in one vitest process, in parallel files.
// Each test file isolates itself (own Redis key prefix, own Postgres database) through
// @loyalty/testing, so files can share the local servers safely.
export default defineConfig({
  resolve: { conditions: ["source"] },
  ssr: { resolve: { conditions: ["source"] } },
  test: {
    include: [
      "packages/*/src/**/*.test.ts",
      "packages/*/test/**/*.test.ts",
      "services/*/src/**/*.test.ts",
      "services/*/test/**/*.test.ts",
      "tests/**/*.test.ts",
    ],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: "forks",
    // Most files wait on Redis, Postgres or child processes rather than on the CPU, so more
    // workers than cores pays off (vitest's default on this 2-core machine is one worker).
    maxWorkers: 4,
    minWorkers: 1,
    globalSetup: ["packages/testing/src/global-setup.ts", "packages/admin-ui/test/global-setup.ts"],
  },
});
