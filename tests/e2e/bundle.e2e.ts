import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { expect, inject, test } from "vitest";

/** Every file `next build` wrote for browsers to download. */
function staticFiles(dir = join(process.cwd(), ".next", "static")): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? staticFiles(join(dir, entry.name)) : [join(dir, entry.name)],
  );
}

test("no server-only value (Supabase keys, OPENAI_API_KEY) is in any file of .next/static", () => {
  const files = staticFiles();
  expect(files.length).toBeGreaterThan(10);
  const secrets = inject("serverSecrets");
  const leaks = files.flatMap((file) => {
    const text = readFileSync(file, "latin1");
    return secrets.filter((secret) => text.includes(secret)).map((secret) => `${file}: ${secret.slice(0, 6)}…`);
  });
  expect(leaks).toEqual([]);
});
