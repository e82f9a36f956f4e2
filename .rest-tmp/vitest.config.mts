import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";
export default defineConfig({
  root: "/work/main",
  resolve: { alias: [
    { find: /^.*\/support\/local-stack\.ts$/, replacement: "/work/main/.rest-tmp/local-stack.ts" },
    { find: "~", replacement: "/work/main/src" },
  ] },
  test: { include: ["tests/supabase/local/rest/**/*.test.ts"], environment: "node" },
});
