/**
 * Stands in for PostgREST's keys of views (SchemaCache.hs: allViewsKeyDependencies,
 * addViewPrimaryKeys, addViewM2OAndO2ORels). A view has no constraints, so PostgREST reads which
 * table column each view column shows from the view's stored query (`pg_rewrite.ev_action`, the
 * `resorigtbl`/`resorigcol` of each top-level target entry), following views of views down to a
 * table. A primary or foreign key whose columns a view shows in full becomes the view's key:
 * every foreign key then also links view to table, table to view and view to view, once per
 * choice of view column when a view shows a key column twice. As in PostgREST, the views of
 * the exposed schemas get keys, and views of views are followed through those schemas and the
 * `db-extra-search-path` ones only.
 */
import type { PGlite } from "@electric-sql/pglite";
import type { ForeignKey, Table } from "./schema-cache.ts";

/** A key of a base table that a view shows in full: each key column with the view columns showing it. */
interface KeyDependency {
  viewSchema: string;
  view: string;
  tableSchema: string;
  table: string;
  constraint: string;
  /** `p`: the table's primary key; `f`: a foreign key's columns; `f_ref`: the columns it references. */
  kind: "p" | "f" | "f_ref";
  columns: Array<[string, string[]]>;
}

/** Where one output column of a view's query comes from: a column of a table or view, or 0 for an expression. */
interface TargetEntry {
  column: number;
  table: number;
  tableColumn: number;
}

/** A view column and the table column it shows, by oid and attribute number. */
interface ColumnOrigin {
  view_oid: number;
  view_column: number;
  table_oid: number;
  table_column: number;
}

/** One way a view shows a key: its dependency, and the view column picked for each key column. */
interface ShownKey {
  dep: KeyDependency;
  columns: string[];
}

/** The schemas whose views get keys, and those whose views are only followed (`db-extra-search-path`). */
interface ViewSchemas {
  schemas: string[];
  extraSearchPath: string[];
}

/** Gives views their primary keys (in `tables`) and returns the foreign keys through views. */
export async function addViewKeys(
  db: PGlite,
  viewSchemas: ViewSchemas,
  tables: Map<string, Table>,
  foreignKeys: ForeignKey[],
): Promise<ForeignKey[]> {
  const dependencies = await loadKeyDependencies(db, viewSchemas);
  const keyed = new Set<Table>();
  for (const dep of dependencies) {
    const view = tables.get(`${dep.viewSchema}.${dep.view}`);
    // A view showing several tables' keys (a join) takes the first one only, as PostgREST's
    // addViewPrimaryKeys does; a key column shown twice is named by the first of them.
    if (dep.kind !== "p" || !view || keyed.has(view)) continue;
    keyed.add(view);
    view.primaryKey.push(...dep.columns.map(([, shownAs]) => shownAs[0] as string));
  }
  return foreignKeys.flatMap((fk) => viewForeignKeys(fk, dependencies));
}

function viewForeignKeys(fk: ForeignKey, dependencies: KeyDependency[]): ForeignKey[] {
  const shown = (kind: KeyDependency["kind"], schema: string, table: string): ShownKey[] =>
    dependencies
      .filter(
        (dep) => dep.kind === kind && dep.constraint === fk.name && dep.tableSchema === schema && dep.table === table,
      )
      .flatMap((dep) => choices(dep).map((columns) => ({ dep, columns })));
  const referencing = shown("f", fk.schema, fk.table);
  const referenced = shown("f_ref", fk.foreignSchema, fk.foreignTable);
  const fromView = ({ dep, columns }: ShownKey) => ({ schema: dep.viewSchema, table: dep.view, columns });
  const toView = ({ dep, columns }: ShownKey) => ({
    foreignSchema: dep.viewSchema,
    foreignTable: dep.view,
    foreignColumns: columns,
  });
  return [
    ...referencing.map((from) => ({ ...fk, ...fromView(from) })),
    ...referenced.map((to) => ({ ...fk, ...toView(to) })),
    ...referencing.flatMap((from) => referenced.map((to) => ({ ...fk, ...fromView(from), ...toView(to) }))),
  ];
}

/** Every way to pick one view column per key column (PostgREST's expandKeyDepCols). */
function choices(dep: KeyDependency): string[][] {
  return dep.columns.reduce<string[][]>(
    (picked, [, shownAs]) => picked.flatMap((prefix) => shownAs.map((column) => [...prefix, column])),
    [[]],
  );
}

async function loadKeyDependencies(db: PGlite, { schemas, extraSearchPath }: ViewSchemas): Promise<KeyDependency[]> {
  const { rows: views } = await db.query<{ oid: number; schema: string; definition: string }>(
    `select c.oid::int as oid, n.nspname as schema, r.ev_action::text as definition
     from pg_class c join pg_namespace n on n.oid = c.relnamespace join pg_rewrite r on r.ev_class = c.oid
     where c.relkind in ('v', 'm') and n.nspname = any($1) and r.rulename = '_RETURN'`,
    [[...schemas, ...extraSearchPath]],
  );
  const origins = baseOrigins(
    views.map((view) => ({ oid: view.oid, entries: targetEntries(view.definition) })),
    new Set(views.filter((view) => schemas.includes(view.schema)).map((view) => view.oid)),
  );
  if (origins.length === 0) return [];
  const { rows } = await db.query<KeyDependency>(
    `with origins as (
       select o.view_oid, o.table_oid, o.table_column, json_agg(a.attname order by a.attnum) as shown_as
       from json_to_recordset($1::json) as o(view_oid oid, view_column int2, table_oid oid, table_column int2)
       join pg_attribute a on a.attrelid = o.view_oid and a.attnum = o.view_column and not a.attisdropped
       group by o.view_oid, o.table_oid, o.table_column
     ),
     key_columns as (
       select conname, contype::text as kind, conrelid as relid, cardinality(conkey) as size, k.attnum, k.ord
       from pg_constraint, unnest(conkey) with ordinality k(attnum, ord) where contype in ('p', 'f')
       union all
       select conname, 'f_ref', confrelid, cardinality(confkey), k.attnum, k.ord
       from pg_constraint, unnest(confkey) with ordinality k(attnum, ord) where contype = 'f'
     )
     select vn.nspname as "viewSchema", v.relname as view, tn.nspname as "tableSchema", t.relname as table,
       k.conname as constraint, k.kind, json_agg(json_build_array(a.attname, o.shown_as) order by k.ord) as columns
     from origins o
     join key_columns k on k.relid = o.table_oid and k.attnum = o.table_column
     join pg_attribute a on a.attrelid = o.table_oid and a.attnum = o.table_column
     join pg_class v on v.oid = o.view_oid join pg_namespace vn on vn.oid = v.relnamespace
     join pg_class t on t.oid = o.table_oid join pg_namespace tn on tn.oid = t.relnamespace
     group by vn.nspname, v.relname, tn.nspname, t.relname, k.conname, k.kind, k.size
     having count(*) = k.size
     order by vn.nspname, v.relname, k.conname`,
    [JSON.stringify(origins)],
  );
  return rows;
}

/** Follows each column of the exposed views through views of views to the table column it shows, if any. */
function baseOrigins(views: Array<{ oid: number; entries: TargetEntry[] }>, exposed: Set<number>): ColumnOrigin[] {
  const byColumn = new Map(
    views.flatMap((view) => view.entries.map((entry) => [`${view.oid}.${entry.column}`, entry])),
  );
  const viewOids = new Set(views.map((view) => view.oid));
  return views.flatMap((view) =>
    (exposed.has(view.oid) ? view.entries : []).flatMap((entry) => {
      let origin: TargetEntry | undefined = entry;
      // `create or replace view` can close a cycle of views (reading them then fails): the bound ends the walk.
      for (let hops = 0; origin && viewOids.has(origin.table) && hops <= views.length; hops++) {
        origin = byColumn.get(`${origin.table}.${origin.tableColumn}`);
      }
      if (!origin || origin.table === 0 || viewOids.has(origin.table)) return [];
      return [
        { view_oid: view.oid, view_column: entry.column, table_oid: origin.table, table_column: origin.tableColumn },
      ];
    }),
  );
}

/** A node of Postgres's stored-query text (`nodeToString`): `{NAME :field value ...}`, `(...)`, `<>`, tokens. */
type NodeTree = string | null | NodeTree[] | { node: string; fields: Map<string, NodeTree> };

/** The origin of each output column of the view's query (its first and only `_RETURN` query). */
function targetEntries(definition: string): TargetEntry[] {
  const [query] = parseNodeTree(definition) as NodeTree[];
  const list = field(query, "targetList");
  if (!Array.isArray(list)) return [];
  return list.map((entry) => ({
    column: Number(field(entry, "resno")),
    table: Number(field(entry, "resorigtbl")),
    tableColumn: Number(field(entry, "resorigcol")),
  }));
}

function field(tree: NodeTree | undefined, name: string): NodeTree | undefined {
  return tree && typeof tree === "object" && !Array.isArray(tree) ? tree.fields.get(name) : undefined;
}

/** Reads `nodeToString` output, whose tokens escape white space, parentheses and braces with `\`. */
function parseNodeTree(text: string): NodeTree {
  const tokens = text.match(/[(){}]|(?:\\[\s\S]|[^\s(){}\\])+/g) ?? [];
  let at = 0;
  const next = (): string => {
    const token = tokens[at++];
    if (token === undefined) throw new Error("A view's stored query ended early");
    return token;
  };
  const read = (): NodeTree => {
    const token = next();
    if (token === "(") {
      const list: NodeTree[] = [];
      while (tokens[at] !== ")") list.push(read());
      next();
      return list;
    }
    if (token === "{") {
      const node = next();
      const fields = new Map<string, NodeTree>();
      while (tokens[at] !== "}") {
        const name = next().slice(1);
        fields.set(name, read());
        // A constant's datum follows its length as bytes in brackets: `:constvalue 4 [ 1 0 0 0 ]`.
        if (name === "constvalue" && tokens[at] === "[") while (next() !== "]");
      }
      next();
      return { node, fields };
    }
    return token === "<>" ? null : token;
  };
  return read();
}
