import type { PGlite } from "@electric-sql/pglite";
import { createClient } from "@supabase/supabase-js";
import { expect } from "vitest";
import { QUICK_HASH_COST } from "../../supabase/local/auth/passwords.ts";
import { openSnapshotDatabase } from "../../supabase/local/database.ts";
import { loadSettings, type ProjectSettings } from "../../supabase/local/settings.ts";
import { createLocalStack, type LocalStack, type StackOptions } from "../../supabase/local/stack.ts";
import { type Baseline, recordBaseline, resetDatabase } from "./reset-database";

/**
 * A local Supabase for one test file: an in-memory database restored from the migrated
 * snapshot (built once by tests/support/global-setup.ts), answering in-process.
 *
 * IMPORTANT: restoring the snapshot takes seconds, so a worker restores it once and the files
 * it runs (vitest.config.mts: isolate false) take turns with that database, reset to the
 * snapshot's state before each file. A second stack in the same file is a database of its
 * own, as before. `stack.db.close()` on the shared database is a no-op.
 * Passwords are hashed at bcrypt's lowest cost, as in GoTrue's own tests, unless `options` ask
 * for GoTrue's (the tests of hashing itself), and its `[api]` settings are config.toml's unless
 * `api` changes some (other exposed schemas).
 */
export async function startTestStack(
  options: StackOptions = {},
  api: Partial<ProjectSettings["api"]> = {},
): Promise<LocalStack> {
  const db = await databaseForThisFile();
  const settings = loadSettings();
  // IMPORTANT: supabase-js caches a project's JWKS per process, by host name: a host of its
  // own per stack keeps one file's cached keys from answering for another's.
  worker.stacks++;
  return createLocalStack(
    db,
    { ...settings, api: { ...settings.api, ...api } },
    `http://stack-${worker.stacks}.localhost:54321`,
    {
      passwordHashCost: QUICK_HASH_COST,
      ...options,
    },
  );
}

interface WorkerDatabases {
  shared?: Promise<{ db: PGlite; baseline: Baseline }>;
  /** The test file that last took the shared database. */
  file?: string;
  /** Databases of second stacks, closed when the next file starts. */
  extra: PGlite[];
  stacks: number;
}

// On globalThis: vi.resetModules() (tests/support/api-server.ts) would otherwise give the next
// file a fresh copy of this module and a second restore.
const WORKER_KEY = Symbol.for("tests.support.local-stack");
const workerGlobals = globalThis as Record<symbol, WorkerDatabases | undefined>;
workerGlobals[WORKER_KEY] ??= { extra: [], stacks: 0 };
const worker = workerGlobals[WORKER_KEY];

async function databaseForThisFile(): Promise<PGlite> {
  const file = expect.getState().testPath ?? "";
  if (worker.file === file) {
    const db = await openSnapshotDatabase();
    worker.extra.push(db);
    return db;
  }
  const previous = worker.file;
  worker.file = file;
  await Promise.all(worker.extra.splice(0).map((db) => db.close()));
  worker.shared ??= openShared();
  const { db, baseline } = await worker.shared;
  if (previous !== undefined) await resetDatabase(db, baseline);
  return forThisFile(db);
}

async function openShared() {
  const db = await openSnapshotDatabase();
  return { db, baseline: await recordBaseline(db) };
}

/**
 * The shared database as one file sees it: `close()` does nothing, and the object is new per
 * file, so what supabase/local keeps per database (schema cache, prepared statements) starts
 * over as it did with a database per file.
 */
function forThisFile(db: PGlite): PGlite {
  return new Proxy(db, {
    get(target, property) {
      if (property === "close") return async () => {};
      const value = Reflect.get(target, property, target);
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
}

/** A real supabase-js client talking to the stack without a socket, as `accessToken`'s owner or anon. */
export function supabaseAs(stack: LocalStack, accessToken?: string) {
  return createClient(stack.url, stack.keys.anonKey, {
    global: {
      fetch: stack.fetch,
      headers: accessToken ? { Authorization: `Bearer ${accessToken}` } : {},
    },
    auth: { persistSession: false, autoRefreshToken: false, detectSessionInUrl: false },
  });
}
