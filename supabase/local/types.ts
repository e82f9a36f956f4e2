/**
 * Generates the `Database` type with the real Supabase CLI (`supabase gen types`), run against
 * a throwaway copy of the migrated database served on a free loopback port, so the result
 * depends on the migrations alone, not on whatever a dev database holds.
 */
import { execFile } from "node:child_process";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { PGLiteSocketServer } from "@electric-sql/pglite-socket";
import { openSnapshotDatabase } from "./database.ts";

export const TYPES_PATH = fileURLToPath(new URL("../../src/server/supabase/database.gen.ts", import.meta.url));
const CLI = fileURLToPath(new URL("../../node_modules/supabase/dist/supabase.js", import.meta.url));

export async function generateTypes(): Promise<string> {
  const db = await openSnapshotDatabase();
  const server = new PGLiteSocketServer({ db, port: 0, host: "127.0.0.1", maxConnections: 4 });
  try {
    await server.start();
    const dbUrl = `postgresql://postgres:postgres@${server.getServerConn()}/postgres`;
    const { stdout } = await promisify(execFile)(
      process.execPath,
      [CLI, "gen", "types", "--lang", "typescript", "--schema", "public", `--remote=${dbUrl}`],
      // The local socket speaks no TLS; without this the CLI prints a warning into the types.
      { maxBuffer: 16 * 1024 * 1024, env: { ...process.env, PGSSLMODE: "disable" } },
    );
    return stdout;
  } finally {
    await server.stop();
    await db.close();
  }
}
