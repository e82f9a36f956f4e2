import { type ChildProcess, spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { afterAll, describe, expect, test } from "vitest";
import {
  applyMigrations,
  MigrationError,
  openDatabase,
  openSnapshotDatabase,
} from "../../../supabase/local/database.ts";
import { loadProjectKeys } from "../../../supabase/local/keys.ts";
import { claimDataFolder, DataFolderInUseError } from "../../../supabase/local/ownership.ts";

const LOCAL = new URL("../../../supabase/local/", import.meta.url).pathname;
const scratch = mkdtempSync(join(tmpdir(), "local-supabase-db-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** Runs a Node script in another process; resolves once it prints `line` (or rejects on exit). */
function spawnScript(source: string, onLine: (line: string, child: ChildProcess) => void) {
  const child = spawn(process.execPath, ["--input-type=module", "-e", source], {
    stdio: ["ignore", "pipe", "inherit"],
  });
  let buffered = "";
  child.stdout.on("data", (chunk: Buffer) => {
    buffered += chunk.toString();
    const lines = buffered.split("\n");
    buffered = lines.pop() ?? "";
    for (const line of lines) onLine(line, child);
  });
  return new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
}

describe("data folder ownership", () => {
  test("a second process on the same data folder is refused, naming the owner's pid", async () => {
    const dataDir = join(scratch, "owned");
    let refusal: unknown;
    let ownerPid = 0;
    await spawnScript(
      `import { claimDataFolder } from "${LOCAL}ownership.ts";
       claimDataFolder(${JSON.stringify(dataDir)}); console.log("claimed"); setTimeout(() => {}, 30000);`,
      (line, child) => {
        if (line !== "claimed") return;
        ownerPid = child.pid ?? 0;
        try {
          claimDataFolder(dataDir);
        } catch (error) {
          refusal = error;
        }
        child.kill("SIGTERM");
      },
    );

    expect(refusal).toBeInstanceOf(DataFolderInUseError);
    expect((refusal as Error).message).toContain(`in use by process ${ownerPid}`);
  });

  test("the lock can be taken on a fresh clone, before the data folder's parent exists", () => {
    const release = claimDataFolder(join(scratch, "not", "yet", "there", "data"));

    expect(release).toBeTypeOf("function");
    release();
  });

  test("a lock left by a killed process is taken over", async () => {
    const dataDir = join(scratch, "stale");
    await spawnScript(
      `import { claimDataFolder } from "${LOCAL}ownership.ts";
       claimDataFolder(${JSON.stringify(dataDir)}); console.log("claimed"); setTimeout(() => {}, 30000);`,
      (line, child) => line === "claimed" && child.kill("SIGKILL"),
    );

    const release = claimDataFolder(dataDir);

    expect(release).toBeTypeOf("function");
    release();
  });
});

describe("durability", () => {
  test("kill -9 during a burst of writes loses no acknowledged write", async () => {
    const dataDir = join(scratch, "crash");
    const acknowledged: number[] = [];
    await spawnScript(
      `import { openDatabase } from "${LOCAL}database.ts";
       const db = await openDatabase(${JSON.stringify(dataDir)});
       await db.exec("create table burst (id int primary key)");
       for (let id = 1; ; id++) { await db.query("insert into burst values ($1)", [id]); console.log(id); }`,
      (line, child) => {
        acknowledged.push(Number(line));
        if (acknowledged.length === 200) child.kill("SIGKILL");
      },
    );

    const db = await openDatabase(dataDir);
    const { rows } = await db.query<{ id: number }>("select id from burst order by id");
    await db.close();

    expect(acknowledged.length).toBeGreaterThanOrEqual(200);
    expect(rows.map((row) => row.id)).toEqual(expect.arrayContaining(acknowledged));
  }, 60_000);
});

describe("first setup", () => {
  test("a folder whose first setup was interrupted is set up again, with keys of its own", async () => {
    const dataDir = join(scratch, "interrupted");
    const halfBuilt = await PGlite.create(dataDir);
    await halfBuilt.close();

    const db = await openDatabase(dataDir);
    const { rows } = await db.query("select to_regclass('auth.users') is not null as platform");
    const folderKeys = await loadProjectKeys(db);
    await db.close();
    const snapshot = await openSnapshotDatabase();
    const snapshotKeys = await loadProjectKeys(snapshot);
    await snapshot.close();

    expect(rows).toEqual([{ platform: true }]);
    // Built from the migrated snapshot, but signing with keys of its own.
    expect(folderKeys.anonKey).not.toBe(snapshotKeys.anonKey);
  }, 30_000);
});

describe("migrations", () => {
  test("apply in file-name order and are recorded as the Supabase CLI records them", async () => {
    const dir = join(scratch, "migrations-ok");
    mkdirSync(dir);
    writeFileSync(join(dir, "20250102000000_add_note.sql"), "alter table notes add column body text;");
    writeFileSync(join(dir, "20250101000000_notes.sql"), "create table notes (id int primary key);");
    const db = await PGlite.create();

    await applyMigrations(db, dir);
    await applyMigrations(db, dir);
    const history = await db.query("select version, name from supabase_migrations.schema_migrations order by version");
    const columns = await db.query("select column_name from information_schema.columns where table_name = 'notes'");
    await db.close();

    expect(history.rows).toEqual([
      { version: "20250101000000", name: "notes" },
      { version: "20250102000000", name: "add_note" },
    ]);
    expect(columns.rows).toHaveLength(2);
  });

  test("a failing migration stops with its file name, line and Postgres's message, and leaves nothing behind", async () => {
    const dir = join(scratch, "migrations-bad");
    mkdirSync(dir);
    writeFileSync(
      join(dir, "20250101000000_broken.sql"),
      "create table fine (id int);\n\nselect * from missing_table;\n",
    );
    const db = await PGlite.create();

    const failure = await applyMigrations(db, dir).catch((error: unknown) => error);
    const leftovers = await db.query("select to_regclass('fine') as table");
    await db.close();

    expect(failure).toBeInstanceOf(MigrationError);
    expect((failure as Error).message).toBe(
      `supabase/migrations/20250101000000_broken.sql, line 3: relation "missing_table" does not exist`,
    );
    expect(leftovers.rows).toEqual([{ table: null }]);
  });
});
