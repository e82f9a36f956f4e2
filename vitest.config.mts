import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

const alias = { "~": fileURLToPath(new URL("./src", import.meta.url)) };

export default defineConfig({
  resolve: { alias },
  test: {
    projects: [
      {
        resolve: { alias },
        test: {
          name: "unit",
          include: ["tests/**/*.test.ts"],
          environment: "node",
          // IMPORTANT: files in a worker share its modules, so they share one in-memory stack
          // restored once per worker and reset between files (tests/support/local-stack.ts).
          isolate: false,
          // vitest's default on 2 cores is 1 worker; files spend much of their time waiting
          // (bcrypt, timers, child processes), so two keep both cores busy.
          maxWorkers: 2,
          testTimeout: 15_000,
          hookTimeout: 30_000,
          globalSetup: ["tests/support/global-setup.ts"],
        },
      },
      {
        resolve: { alias },
        test: {
          name: "bench",
          include: ["tests/bench/**/*.bench.ts"],
          environment: "node",
          globalSetup: ["tests/support/global-setup.ts"],
        },
      },
      {
        resolve: { alias },
        test: {
          name: "load",
          include: ["tests/load/**/*.load.ts"],
          environment: "node",
          globalSetup: ["tests/support/global-setup.ts"],
        },
      },
      {
        resolve: { alias },
        test: {
          name: "e2e",
          include: ["tests/e2e/**/*.e2e.ts"],
          environment: "node",
          globalSetup: ["tests/e2e/global-setup.ts"],
          testTimeout: 60_000,
          hookTimeout: 120_000,
          // One browser, one app server: files run one after another.
          fileParallelism: false,
        },
      },
    ],
  },
});
