/**
 * Stands in for PostgREST's prepared statements (`db-prepared-statements`, on by default):
 * each statement shape the REST layer builds is parsed once with SQL-level `PREPARE` and then
 * run with `EXECUTE name(values)`, so a repeated request costs Postgres neither parse nor plan.
 * Postgres itself replans a prepared statement after DDL, a change of role under row level
 * security, or a changed search_path, so a cached shape never answers from a stale plan.
 * IMPORTANT: `PREPARE` is not transactional: a statement prepared in a transaction that then
 * fails still exists. Names are therefore remembered before the outcome is known and checked
 * against `pg_prepared_statements` after a failure (see transaction.ts).
 */
import type { PGlite } from "@electric-sql/pglite";

/** Enough for every shape an app's queries take; each holds a little of PGlite's memory. */
const MAX_PREPARED = 200;
const PREFIX = "supabase_local_rest_";

export interface PreparedStatements {
  /** The name `sql` is (or is about to be) prepared under, and whether it must be prepared first. */
  lookup(sql: string): { name: string; fresh: boolean };
  /** Forgets `name` (a failed PREPARE, or one deallocated behind our back). */
  forget(name: string): void;
  /** Deallocates the least recently used statements past the cap; call outside a transaction. */
  trim(): Promise<void>;
}

const byDatabase = new WeakMap<PGlite, PreparedStatements>();

export function preparedStatements(db: PGlite): PreparedStatements {
  let statements = byDatabase.get(db);
  if (!statements) {
    statements = createPreparedStatements(db);
    byDatabase.set(db, statements);
  }
  return statements;
}

/** Only these may follow `PREPARE name AS`; EXPLAIN (count=planned) runs as it is. */
export function isPreparable(sql: string): boolean {
  return /^\s*(SELECT|WITH)\b/i.test(sql);
}

function createPreparedStatements(db: PGlite): PreparedStatements {
  // A Map iterates in insertion order; re-inserting on use keeps the oldest first.
  const names = new Map<string, string>();
  let next = 0;
  return {
    lookup(sql) {
      const name = names.get(sql);
      if (name !== undefined) {
        names.delete(sql);
        names.set(sql, name);
        return { name, fresh: false };
      }
      const created = `${PREFIX}${next++}`;
      names.set(sql, created);
      return { name: created, fresh: true };
    },
    forget(name) {
      for (const [sql, known] of names) if (known === name) names.delete(sql);
    },
    async trim() {
      while (names.size > MAX_PREPARED) {
        const [sql, name] = names.entries().next().value as [string, string];
        names.delete(sql);
        // Someone on the Postgres port may have run DEALLOCATE ALL; then it is gone already.
        await db.exec(`DEALLOCATE ${name}`).catch(() => {});
      }
    },
  };
}
