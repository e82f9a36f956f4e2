/**
 * Stands in for PostgREST's `text/csv` output (SqlFragment.hs `asCsvF`), built in SQL as it is:
 * a header line of column names, then each row's Postgres text form without its parentheses,
 * so quoting, escaping and NULL (an empty field) are Postgres's own. The header names the
 * columns of the statement's first source row, or none when there is no row (the body is then
 * a lone newline). For mutations and functions that row is what PostgREST's RETURNING or call
 * selects (Plan.hs `inferColsEmbedNeeds`), which may differ from the selected columns.
 */
import type { ReadNode } from "./plan.ts";
import type { Params } from "./sql.ts";

/** The body: `header` is SQL giving the header line; the rows come from `pgrst_t`. */
export function csvBodySql(header: string): string {
  return `${header} || chr(10) || coalesce(string_agg(substring(pgrst_t::text, 2, length(pgrst_t::text) - 2), chr(10)), '')`;
}

/** The header of a read: the keys of `source`'s first row, as PostgREST reads them. */
export function firstRowHeaderSql(source: string): string {
  return `(SELECT coalesce(string_agg(pgrst_k, ','), '') FROM json_object_keys((SELECT row_to_json(pgrst_h) FROM ${source} AS pgrst_h LIMIT 1)) AS pgrst_k)`;
}

/** The header of a mutation or function call: the returned columns, once `pgrst_source` has a row. */
export function returnedHeaderSql(columns: string[], params: Params): string {
  // PostgREST returns `1` when it needs no column, which Postgres names ?column?.
  const header = columns.length ? columns.join(",") : "?column?";
  return `CASE WHEN EXISTS (SELECT 1 FROM pgrst_source) THEN ${params.add(header)}::text ELSE '' END`;
}

/**
 * PostgREST's inferColsEmbedNeeds: every column for `*` (or a computed relationship), else the
 * selected columns, the embeds' join columns and `primaryKey`, deduplicated and sorted.
 */
export function returnedColumns(node: ReadNode, primaryKey: string[]): string[] {
  const computedEmbed = node.items.some((item) => item.kind === "embed" && item.embed.computed);
  if (computedEmbed || node.items.some((item) => item.kind === "star")) return [...node.source.columns.keys()];
  const names = node.items.flatMap((item) => {
    if (item.kind === "column") return [item.column.name];
    if (item.kind !== "embed") return [];
    const pairs = item.embed.junction ? item.embed.junction.toParent : item.embed.join;
    return pairs.map(([parentColumn]) => parentColumn);
  });
  // Haskell's Set orders Text by code point; Buffer.compare of UTF-8 bytes agrees.
  return [...new Set([...names, ...primaryKey])].sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)));
}
