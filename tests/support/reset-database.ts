import type { PGlite } from "@electric-sql/pglite";

/**
 * Puts a database restored from the migrated snapshot back the way the snapshot was, in tens
 * of milliseconds instead of the seconds a new restore takes: drops what a test file created
 * (tables, views, functions, types, schemas) and empties every table the snapshot left empty.
 * Not undone: changes to roles and to the snapshot's own objects (a test reverts those itself).
 */
export interface Baseline {
  /** Oids of the snapshot's relations, functions, types and schemas: anything else is new. */
  oids: number[];
  /** The snapshot's tables with no rows (tables with rows, like the signing keys, stay as they are). */
  emptyTables: string[];
}

const USER_NAMESPACES = `select oid from pg_namespace
  where nspname not in ('pg_catalog', 'information_schema') and nspname not like 'pg\\_%'`;

export async function recordBaseline(db: PGlite): Promise<Baseline> {
  const { rows } = await db.query<{ oid: number }>(`
    select oid from pg_class where relnamespace in (${USER_NAMESPACES})
    union all select oid from pg_proc where pronamespace in (${USER_NAMESPACES})
    union all select oid from pg_type where typnamespace in (${USER_NAMESPACES})
    union all ${USER_NAMESPACES}`);
  const tables = await db.query<{ name: string }>(`
    select oid::regclass::text as name from pg_class
    where relkind in ('r', 'p') and relnamespace in (${USER_NAMESPACES})`);
  const emptyTables: string[] = [];
  for (const { name } of tables.rows) {
    const { rows: any } = await db.query(`select 1 from ${name} limit 1`);
    if (any.length === 0) emptyTables.push(name);
  }
  return { oids: rows.map((row) => row.oid), emptyTables };
}

export async function resetDatabase(db: PGlite, { oids, emptyTables }: Baseline) {
  const { rows } = await db.query<{ statement: string }>(
    `select format('drop %s if exists %s cascade', case relkind when 'v' then 'view' when 'm' then 'materialized view'
         when 'S' then 'sequence' when 'f' then 'foreign table' else 'table' end, oid::regclass) as statement
       from pg_class c where relkind in ('r', 'p', 'v', 'm', 'S', 'f')
         and relnamespace in (${USER_NAMESPACES}) and not (oid = any($1))
         -- A table's own sequences go with it.
         and not exists (select 1 from pg_depend d where d.objid = c.oid and d.deptype in ('a', 'i'))
     union all select format('drop routine if exists %s cascade', oid::regprocedure) from pg_proc
       where pronamespace in (${USER_NAMESPACES}) and not (oid = any($1))
     union all select format('drop type if exists %s cascade', oid::regtype) from pg_type
       where typtype in ('e', 'd', 'r', 'm') and typnamespace in (${USER_NAMESPACES}) and not (oid = any($1))
     union all select format('drop schema if exists %I cascade', nspname) from pg_namespace
       where oid in (${USER_NAMESPACES}) and not (oid = any($1))`,
    [oids],
  );
  await db.exec(
    [
      ...rows.map((row) => row.statement),
      `truncate ${emptyTables.join(", ")} restart identity cascade`,
      // The next file's stack prepares its statements under the same names again.
      "deallocate all",
      // The REST layer's schema cache (supabase/local/rest/schema-cache.ts) must forget dropped tables.
      "notify pgrst, 'reload schema'",
    ].join(";\n"),
  );
}
