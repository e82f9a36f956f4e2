/**
 * The local project's Postgres: PGlite (real Postgres compiled to WASM) with what Supabase's
 * Postgres image adds (platform.sql), then the project's migrations, recorded the way the
 * Supabase CLI records them, and the seed on a fresh database.
 * Not supported: extensions beyond pgcrypto and uuid-ossp; replication; storage/realtime schemas.
 */
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { PGlite, type Transaction } from "@electric-sql/pglite";
import { pgcrypto } from "@electric-sql/pglite/contrib/pgcrypto";
import { uuid_ossp } from "@electric-sql/pglite/contrib/uuid_ossp";
import { loadProjectKeys } from "./keys.ts";

const SUPABASE_DIR = new URL("..", import.meta.url).pathname;
const PLATFORM_SQL = new URL("platform.sql", import.meta.url);
export const MIGRATIONS_DIR = join(SUPABASE_DIR, "migrations");
export const SEED_PATH = join(SUPABASE_DIR, "seed.sql");
export const DEFAULT_DATA_DIR = join(SUPABASE_DIR, "..", ".supabase", "local-data");
/** Written by a running stack for tools (and `npm run dev`) that need its generated keys. */
export const LOCAL_ENV_PATH = join(SUPABASE_DIR, "..", ".supabase", "local.env");
const SNAPSHOT_DIR = join(SUPABASE_DIR, "..", ".supabase", "snapshots");

const extensions = { pgcrypto, uuid_ossp };

export class MigrationError extends Error {}

/**
 * Opens (or creates) a persisted database. A fresh folder starts as a copy of the migrated
 * snapshot (the platform and every migration, built once in memory, which is several times
 * faster than on disk) without its keys, and gets the seed; an existing one gets the
 * migrations it has not seen yet.
 */
export async function openDatabase(dataDir: string): Promise<PGlite> {
  const readyMarker = join(dataDir, "supabase_local_ready");
  const fresh = !existsSync(readyMarker);
  // A first setup that never finished (Ctrl-C, a failing migration) left a half-built
  // folder behind: start it over rather than migrate a database without the platform.
  if (fresh) rmSync(dataDir, { recursive: true, force: true });
  mkdirSync(dataDir, { recursive: true });
  const loadDataDir = fresh ? new Blob([readFileSync(await ensureSnapshot())]) : undefined;
  const db = await PGlite.create(dataDir, { extensions, loadDataDir });
  try {
    // Each data folder signs with keys of its own, made by loadProjectKeys on first start.
    if (fresh) await db.exec("delete from supabase_local.signing_keys");
    await applyMigrations(db);
    if (fresh) {
      await applySeed(db);
      writeFileSync(readyMarker, `${new Date().toISOString()}\n`);
    }
    return db;
  } catch (error) {
    await db.close();
    throw error;
  }
}

/**
 * An in-memory database with the platform and every migration applied (no seed), loaded
 * from a snapshot cached by a hash of what built it: tests boot in about a second instead
 * of running initdb and every migration per test file.
 */
export async function openSnapshotDatabase(): Promise<PGlite> {
  const snapshot = await ensureSnapshot();
  return PGlite.create({ extensions, loadDataDir: new Blob([readFileSync(snapshot)]) });
}

/** Builds the snapshot if none matches the current platform and migrations; returns its path. */
export async function ensureSnapshot(): Promise<string> {
  const path = join(SNAPSHOT_DIR, `${snapshotKey()}.tar.gz`);
  if (existsSync(path)) return path;
  const db = await PGlite.create({ extensions });
  await db.exec(readFileSync(PLATFORM_SQL, "utf8"));
  await applyMigrations(db);
  await loadProjectKeys(db);
  const dump = await db.dumpDataDir("gzip");
  await db.close();
  mkdirSync(SNAPSHOT_DIR, { recursive: true });
  // Written aside and renamed so a concurrent reader never loads half a file.
  const partial = `${path}.${process.pid}.partial`;
  writeFileSync(partial, Buffer.from(await dump.arrayBuffer()));
  renameSync(partial, path);
  return path;
}

function snapshotKey() {
  const hash = createHash("sha256");
  hash.update(readFileSync(new URL("../../node_modules/@electric-sql/pglite/package.json", import.meta.url)));
  hash.update(readFileSync(PLATFORM_SQL));
  hash.update(readFileSync(new URL("keys.ts", import.meta.url)));
  for (const file of migrationFiles()) hash.update(file).update(readFileSync(join(MIGRATIONS_DIR, file)));
  return hash.digest("hex").slice(0, 16);
}

function migrationFiles(dir = MIGRATIONS_DIR) {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((file) => file.endsWith(".sql"))
    .sort();
}

/**
 * Applies pending migrations in file-name order, each in its own transaction, recording
 * them in supabase_migrations.schema_migrations as the Supabase CLI does, so
 * `supabase migration list` against this database sees the same history.
 */
export async function applyMigrations(db: PGlite, dir = MIGRATIONS_DIR) {
  await db.exec(`
    create schema if not exists supabase_migrations;
    create table if not exists supabase_migrations.schema_migrations (
      version text primary key, statements text[], name text
    );`);
  const applied = new Set(
    (await db.query<{ version: string }>("select version from supabase_migrations.schema_migrations")).rows.map(
      (row) => row.version,
    ),
  );
  for (const file of migrationFiles(dir)) {
    const match = /^(\d+)_(.+)\.sql$/.exec(file);
    if (!match) throw new MigrationError(`${file}: migration files are named <timestamp>_<name>.sql`);
    const [, version, name] = match as unknown as [string, string, string];
    if (applied.has(version)) continue;
    const sql = readFileSync(join(dir, file), "utf8");
    await runScript(db, `migrations/${file}`, sql, (tx) =>
      tx.query("insert into supabase_migrations.schema_migrations (version, statements, name) values ($1, $2, $3)", [
        version,
        [sql],
        name,
      ]),
    );
  }
}

export async function applySeed(db: PGlite) {
  if (existsSync(SEED_PATH)) await runScript(db, "seed.sql", readFileSync(SEED_PATH, "utf8"));
}

/** Runs a SQL file in one transaction; a failure names the file, the line and Postgres's message. */
async function runScript(db: PGlite, label: string, sql: string, after?: (tx: Transaction) => Promise<unknown>) {
  try {
    await db.transaction(async (tx) => {
      await tx.exec(sql);
      await after?.(tx);
    });
  } catch (error) {
    const pgError = error as { message?: string; position?: string; detail?: string };
    const line = pgError.position ? sql.slice(0, Number(pgError.position)).split("\n").length : undefined;
    const where = line ? `${label}, line ${line}` : label;
    const detail = pgError.detail ? ` (${pgError.detail})` : "";
    throw new MigrationError(`supabase/${where}: ${pgError.message ?? String(error)}${detail}`);
  }
}
