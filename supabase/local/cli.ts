/**
 * The local stack's command line, the `supabase start` / `supabase db reset` of this project:
 *   node supabase/local/cli.ts start   serve the API on :54321 and Postgres on :54322
 *   node supabase/local/cli.ts reset   rebuild the database: the migrated snapshot, then the seed
 *   node supabase/local/cli.ts types   regenerate the Database type from the migrations
 */
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { dirname, relative } from "node:path";
import { setTimeout as delay } from "node:timers/promises";
import { DEFAULT_DATA_DIR, LOCAL_ENV_PATH, openDatabase } from "./database.ts";
import { serveHttp } from "./http-server.ts";
import { claimDataFolder } from "./ownership.ts";
import { openPort } from "./ports.ts";
import { servePostgres } from "./postgres-server.ts";
import { loadSettings, unsupportedSettings } from "./settings.ts";
import { createLocalStack } from "./stack.ts";
import { generateTypes, TYPES_PATH } from "./types.ts";

const SHUTDOWN_GRACE_MS = 5_000;

async function start(dataDir: string) {
  const settings = loadSettings();
  for (const warning of unsupportedSettings()) console.warn(`[local supabase] ${warning}`);
  const release = claimDataFolder(dataDir);
  // Whatever a killed stack left there names keys that may no longer exist.
  rmSync(LOCAL_ENV_PATH, { force: true });
  const startedAt = performance.now();
  const db = await openDatabase(dataDir);
  const apiUrl = `http://127.0.0.1:${settings.api.port}`;
  const stack = await createLocalStack(db, settings, apiUrl);
  const http = await openPort(settings.api.port, "[api] port", () => serveHttp(stack, settings.api.port));
  const postgres = await openPort(settings.db.port, "[db] port", () => servePostgres(stack, settings.db.port));

  const dbUrl = `postgresql://postgres:postgres@127.0.0.1:${settings.db.port}/postgres`;
  const env = {
    SUPABASE_URL: apiUrl,
    SUPABASE_ANON_KEY: stack.keys.anonKey,
    SUPABASE_SERVICE_ROLE_KEY: stack.keys.serviceRoleKey,
    SUPABASE_DB_URL: dbUrl,
  };
  // With SUPABASE_LOCAL_DATA_DIR elsewhere, nothing has created .supabase/ yet.
  mkdirSync(dirname(LOCAL_ENV_PATH), { recursive: true });
  writeFileSync(
    LOCAL_ENV_PATH,
    `${Object.entries(env)
      .map(([k, v]) => `${k}=${v}`)
      .join("\n")}\n`,
    { mode: 0o600 },
  );
  console.log(
    [
      `Local Supabase started in ${Math.round(performance.now() - startedAt)} ms (data: ${dataDir}, pid ${process.pid}).`,
      `         API URL: ${apiUrl}`,
      `          DB URL: ${dbUrl}`,
      `        JWKS URL: ${apiUrl}/auth/v1/.well-known/jwks.json`,
      `        anon key: ${stack.keys.anonKey}`,
      `service_role key: ${stack.keys.serviceRoleKey}`,
    ].join("\n"),
  );

  let stopping = false;
  const stop = async () => {
    if (stopping) {
      console.error("Stopping at once: the database may miss its last writes.");
      process.exit(1);
    }
    stopping = true;
    try {
      // Requests in flight finish first (for a few seconds at most); new ones are refused.
      await Promise.race([new Promise((resolve) => http.close(resolve)), delay(SHUTDOWN_GRACE_MS)]);
      await postgres.stop();
      // Closing PGlite flushes it to the folder; only then is the lock given back.
      await db.close();
    } catch (error) {
      console.error("[local supabase] stopping failed:", error);
      process.exitCode = 1;
    }
    rmSync(LOCAL_ENV_PATH, { force: true });
    release();
    process.exit();
  };
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
}

async function reset(dataDir: string) {
  const release = claimDataFolder(dataDir);
  try {
    rmSync(dataDir, { recursive: true, force: true });
    mkdirSync(dataDir, { recursive: true });
    const startedAt = performance.now();
    const db = await openDatabase(dataDir);
    await db.close();
    console.log(`Reset ${dataDir} from the migrations and seed in ${Math.round(performance.now() - startedAt)} ms.`);
  } finally {
    release();
  }
}

async function types() {
  writeFileSync(TYPES_PATH, await generateTypes());
  console.log(`Wrote ${relative(process.cwd(), TYPES_PATH)} from the migrations.`);
}

const commands: Record<string, (dataDir: string) => Promise<void>> = { start, reset, types };
const [command = "", dataDir = process.env.SUPABASE_LOCAL_DATA_DIR ?? DEFAULT_DATA_DIR] = process.argv.slice(2);
const run = commands[command];
if (!run) {
  console.error("usage: node supabase/local/cli.ts start|reset|types [data-dir]");
  process.exit(2);
}
run(dataDir).catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
