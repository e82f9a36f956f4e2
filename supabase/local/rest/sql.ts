/**
 * Stands in for PostgREST's query builder (src/PostgREST/Query/QueryBuilder.hs and
 * SqlFragment.hs): turns a planned request into one SQL statement whose single row carries
 * the response, built in SQL as PostgREST does (`coalesce(json_agg(t), '[]')`, CSV in csv.ts),
 * each statement's rows first gathered in a `pgrst_source` CTE as PostgREST's are. Every name is
 * a quoted identifier that the planner found in the schema cache, every value a bound
 * parameter left untyped so Postgres casts it to the column's type (a bad literal fails with
 * 22P02 just as on PostgREST). Type names only come from `format_type` in the catalogs.
 */
import { csvBodySql, firstRowHeaderSql, returnedColumns, returnedHeaderSql } from "./csv.ts";
import type { BodyFormat, CustomHandler } from "./media.ts";
import type { Condition, JsonStep } from "./parse.ts";
import type { PlannedCondition, PlannedEmbed, PlannedItem, ReadNode, Source } from "./plan.ts";
import type { Column, RoutineInfo } from "./schema-cache.ts";

export const ident = (name: string) => `"${name.replaceAll('"', '""')}"`;
export const qualified = (source: { schema: string; name: string }) => `${ident(source.schema)}.${ident(source.name)}`;

export class Params {
  readonly values: unknown[] = [];

  add(value: unknown): string {
    this.values.push(value);
    return `$${this.values.length}`;
  }
}

/** The one row every statement returns. */
export interface ResultRow {
  total: number | null;
  page_total: number;
  body: string | null;
  inserted: number | null;
  /** What the statement's functions and triggers left in `response.headers` / `response.status`. */
  response_headers: string | null;
  response_status: string | null;
}

/**
 * Read as PostgREST's statements read them, in the same SELECT: after the rows it aggregates,
 * so after every function and trigger that ran for them.
 */
const RESPONSE_SETTINGS = `nullif(current_setting('response.headers', true), '') AS response_headers,
  nullif(current_setting('response.status', true), '') AS response_status`;

export interface BodyOptions {
  media: BodyFormat;
  stripNulls: boolean;
  custom: CustomHandler | null;
  /** No body at all (HEAD), as PostgREST's NoAgg. */
  headersOnly: boolean;
}

const SIMPLE_OPERATORS: Record<string, string> = {
  eq: "=",
  neq: "<>",
  gt: ">",
  gte: ">=",
  lt: "<",
  lte: "<=",
  like: "LIKE",
  ilike: "ILIKE",
  match: "~",
  imatch: "~*",
  isdistinct: "IS DISTINCT FROM",
  cs: "@>",
  cd: "<@",
  ov: "&&",
  sl: "<<",
  sr: ">>",
  nxr: "&<",
  nxl: "&>",
  adj: "-|-",
};

const FTS_FUNCTIONS: Record<string, string> = {
  fts: "to_tsquery",
  plfts: "plainto_tsquery",
  phfts: "phraseto_tsquery",
  wfts: "websearch_to_tsquery",
};

const IS_KEYWORDS: Record<string, string> = {
  null: "NULL",
  not_null: "NOT NULL",
  true: "TRUE",
  false: "FALSE",
  unknown: "UNKNOWN",
};

/** A Postgres array literal whose elements are all quoted, so `,` `"` `\` in values stay data. */
function arrayLiteral(values: string[]): string {
  return `{${values.map((v) => `"${v.replaceAll("\\", "\\\\").replaceAll('"', '\\"')}"`).join(",")}}`;
}

/** PostgREST's resolveTypeOrUnknown: a JSON path on any other type than json or jsonb reads `to_jsonb(col)`. */
export const pathNeedsJson = (column: Column, path: readonly unknown[]) =>
  path.length > 0 && column.type !== "json" && column.type !== "jsonb";

/**
 * A column, followed by its JSON path as PostgREST's pgFmtField writes it: through `to_jsonb()`
 * when the column is not json or jsonb (`toJson`); an index as `::int`, a key untyped (so
 * Postgres names it `unknown` in its errors, as there).
 */
function fieldSql(alias: string, column: string, path: JsonStep[], params: Params, toJson = false): string {
  const steps = path.map((step) => {
    const cast = /^-?\d+$/.test(step.key) ? "::int" : "";
    return ` ${step.arrow} ${params.add(step.key)}${cast}`;
  });
  const field = `${ident(alias)}.${ident(column)}`;
  return `${toJson ? `to_jsonb(${field})` : field}${steps.join("")}`;
}

export function conditionSql(condition: PlannedCondition, alias: string, params: Params): string {
  if (condition.kind === "embed-null") {
    const exists = existsSql(condition.embed, alias, params);
    return condition.negate ? exists : `NOT ${exists}`;
  }
  if (condition.kind === "logic") {
    const joined = condition.children
      .map((c) => conditionSql(c, alias, params))
      .join(` ${condition.op.toUpperCase()} `);
    return condition.negate ? `NOT (${joined})` : `(${joined})`;
  }
  const column = fieldSql(alias, condition.column, condition.path, params, condition.toJson);
  const value = condition.value;
  let sql: string;
  if (condition.op === "in") sql = `${column} = ANY(${params.add(arrayLiteral(value as string[]))})`;
  else if (condition.op === "is") sql = `${column} IS ${IS_KEYWORDS[String(value).toLowerCase()]}`;
  else if (condition.op in FTS_FUNCTIONS) {
    const fn = FTS_FUNCTIONS[condition.op];
    const config = condition.config === null ? "" : `${params.add(condition.config)}::regconfig, `;
    const document = condition.toTsVector ? `to_tsvector(${config}${column})` : column;
    sql = `${document} @@ ${fn}(${config}${params.add(value)})`;
  } else {
    const literal = condition.op === "like" || condition.op === "ilike" ? String(value).replaceAll("*", "%") : value;
    const operand = params.add(literal);
    const quantified = condition.quantifier ? `${condition.quantifier.toUpperCase()}(${operand})` : operand;
    sql = `${column} ${SIMPLE_OPERATORS[condition.op]} ${quantified}`;
  }
  return condition.negate ? `NOT (${sql})` : sql;
}

function orderSql(node: ReadNode, params: Params): string {
  if (node.order.length === 0) return "";
  const terms = node.order.map((term) => {
    const direction = term.direction ? ` ${term.direction.toUpperCase()}` : "";
    const nulls = term.nulls ? ` NULLS ${term.nulls.toUpperCase()}` : "";
    const embed = term.embed;
    const field = embed
      ? `(SELECT ${fieldSql(embed.node.alias, term.column, term.path, params, term.toJson)} FROM ${embedFrom(embed, node.alias)} WHERE ${embedWhere(embed, node.alias, params)})`
      : fieldSql(node.alias, term.column, term.path, params, term.toJson);
    return `${field}${direction}${nulls}`;
  });
  return ` ORDER BY ${terms.join(", ")}`;
}

function pageSql(limit: number | null, offset: number | null, params: Params): string {
  const parts: string[] = [];
  if (limit !== null) parts.push(` LIMIT ${params.add(limit)}`);
  if (offset !== null && offset > 0) parts.push(` OFFSET ${params.add(offset)}`);
  return parts.join("");
}

function selectListSql(node: ReadNode, params: Params): string {
  // Empty embeds (`authors()`) only filter: PostgREST leaves them out of the response.
  const items = node.items.filter((item) => item.kind !== "embed" || !item.embed.hidden);
  if (items.length === 0) return "";
  return items
    .map((item) => {
      if (item.kind === "star") return `${ident(node.alias)}.*`;
      if (item.kind === "embed" && item.embed.spread)
        return spreadSql(item.embed, item.embed.spread, node.alias, params);
      if (item.kind === "embed")
        return `${embedSql(item.embed, node.alias, params)} AS ${ident(item.embed.outputName)}`;
      return `${columnSql(node.alias, item, params)} AS ${ident(item.outputName)}`;
    })
    .filter((sql) => sql !== "")
    .join(", ");
}

type ColumnItem = Extract<PlannedItem, { kind: "column" }>;

/** A column, cast; under an aggregate (`count(*)` for `count()`), whose result may be cast too. */
function columnSql(alias: string, item: ColumnItem, params: Params): string {
  const column =
    item.column.name === "*"
      ? "*"
      : fieldSql(alias, item.column.name, item.path, params, pathNeedsJson(item.column, item.path));
  const expression = item.cast ? `CAST(${column} AS ${item.cast})` : column;
  if (!item.aggregate) return expression;
  const aggregated = `pg_catalog.${item.aggregate.fn}(${expression})`;
  return item.aggregate.cast ? `CAST(${aggregated} AS ${item.aggregate.cast})` : aggregated;
}

/** PostgREST groups an aggregating select by its other columns. */
function groupBySql(node: ReadNode, params: Params): string {
  const columns = node.items.filter((item): item is ColumnItem => item.kind === "column");
  if (!columns.some((item) => item.aggregate)) return "";
  const keys = columns.filter((item) => !item.aggregate).map((item) => columnSql(node.alias, item, params));
  return keys.length ? ` GROUP BY ${keys.join(", ")}` : "";
}

/**
 * A spread: each of the child's keys becomes a column of the parent. To-one, its value (null
 * without a match); to-many, the array of its values in the child's order, as PostgREST's
 * `COALESCE(json_agg(...), '[]')::jsonb` per key.
 */
function spreadSql(embed: PlannedEmbed, keys: string[], parentAlias: string, params: Params): string {
  const child = embed.node;
  const from = `FROM ${embedFrom(embed, parentAlias)} WHERE ${embedWhere(embed, parentAlias, params)}`;
  if (embed.toOne) {
    const row = `(SELECT ${selectListSql(child, params)} ${from})`;
    return keys.map((key) => `(SELECT pgrst_s.${ident(key)} FROM ${row} AS pgrst_s) AS ${ident(key)}`).join(", ");
  }
  const rows = `(SELECT ${selectListSql(child, params)} ${from}${orderSql(child, params)}${pageSql(child.limit, child.offset, params)})`;
  return keys
    .map(
      (key) =>
        `(SELECT COALESCE(json_agg(pgrst_s.${ident(key)}), '[]')::jsonb FROM ${rows} AS pgrst_s) AS ${ident(key)}`,
    )
    .join(", ");
}

/** The child's rows: its table, or for a computed relationship its function of the parent's row. */
function embedFrom(embed: PlannedEmbed, parentAlias: string): string {
  const source = embed.computed ? `${qualified(embed.computed)}(${ident(parentAlias)})` : qualified(embed.node.source);
  return `${source} AS ${ident(embed.node.alias)}`;
}

/** The child's own WHERE: the join to its parent, its filters and its own inner embeds. */
function embedWhere(embed: PlannedEmbed, parentAlias: string, params: Params): string {
  const child = embed.node;
  const join = embed.join.map(([parentCol, childCol]) => {
    return `${ident(child.alias)}.${ident(childCol)} = ${ident(parentAlias)}.${ident(parentCol)}`;
  });
  const junction = embed.junction;
  if (junction) {
    const link = [
      ...junction.toParent.map(
        ([col, jcol]) => `${ident(junction.alias)}.${ident(jcol)} = ${ident(parentAlias)}.${ident(col)}`,
      ),
      ...junction.toChild.map(
        ([col, jcol]) => `${ident(junction.alias)}.${ident(jcol)} = ${ident(child.alias)}.${ident(col)}`,
      ),
    ];
    join.push(
      `EXISTS (SELECT 1 FROM ${qualified(junction.source)} AS ${ident(junction.alias)} WHERE ${link.join(" AND ")})`,
    );
  }
  return [...join, ...nodeConditions(child, params)].join(" AND ") || "true";
}

function existsSql(embed: PlannedEmbed, parentAlias: string, params: Params): string {
  return `EXISTS (SELECT 1 FROM ${embedFrom(embed, parentAlias)} WHERE ${embedWhere(embed, parentAlias, params)})`;
}

/** Filters of a node (an `embed=is.null` one is an EXISTS test), plus one EXISTS test per `!inner` embed. */
export function nodeConditions(node: ReadNode, params: Params): string[] {
  const conditions = node.conditions.map((c) => conditionSql(c, node.alias, params));
  for (const item of node.items) {
    if (item.kind === "embed" && item.embed.inner) conditions.push(existsSql(item.embed, node.alias, params));
  }
  return conditions;
}

function embedSql(embed: PlannedEmbed, parentAlias: string, params: Params): string {
  const child = embed.node;
  const where = embedWhere(embed, parentAlias, params);
  const from = `FROM ${embedFrom(embed, parentAlias)} WHERE ${where}`;
  const list = selectListSql(child, params);
  const grouped = groupBySql(child, params);
  if (embed.toOne) return `(SELECT row_to_json(pgrst_e) FROM (SELECT ${list} ${from}${grouped}) AS pgrst_e)`;
  const tail = `${grouped}${orderSql(child, params)}${pageSql(child.limit, child.offset, params)}`;
  return `(SELECT coalesce(json_agg(pgrst_e), '[]') FROM (SELECT ${list} ${from}${tail}) AS pgrst_e)`;
}

/** SqlFragment.hs asGeoJsonF: PostGIS's ST_AsGeoJSON of each row, so without PostGIS Postgres's 42883. */
const GEOJSON_BODY = `json_build_object('type', 'FeatureCollection', 'features',
  coalesce(json_agg(ST_AsGeoJSON(pgrst_t)::json), '[]'))::text`;

/**
 * SqlFragment.hs customFuncF: the handler over the rows `pgrst_t` (cast to its table), or over a
 * function's scalar. Sent as Postgres's binary format of the result, which PostgREST answers
 * with (jsonb's starts with its version byte), in base64 for the text protocol. A function's own
 * handler is its domain, a cast of its one row.
 */
function customBodySql(handler: CustomHandler, row: string): string {
  const call = `${handler.fn}(${row})`;
  const result = handler.aggregate ? call : `(array_agg(${call}))[1]`;
  return `encode(${handler.send}(${result}), 'base64')`;
}

/** What customFuncF passes the handler: a single scalar result's value, else the row, cast to the target's type. */
function customArgument(handler: CustomHandler, singleScalar: boolean): string {
  if (singleScalar) return "pgrst_t.pgrst_scalar";
  return handler.target ? `pgrst_t::${handler.target}` : "pgrst_t";
}

/**
 * The body of the rows `pgrst_t`; `csvHeader` builds SQL giving CSV's header line (adding its
 * parameters). For a function returning scalars, `scalar` gives its JSON, and whether it is a
 * single value, which a custom handler then takes instead of the row.
 */
function bodySql(options: BodyOptions, csvHeader: () => string, scalar?: { json: string; single: boolean }): string {
  if (options.headersOnly) return "null::text";
  if (options.media === "csv") return csvBodySql(csvHeader());
  if (options.media === "geojson") return GEOJSON_BODY;
  if (options.custom) return customBodySql(options.custom, customArgument(options.custom, scalar?.single ?? false));
  if (scalar) return scalar.json;
  const aggregate = options.media === "object" ? "json_agg(pgrst_t) -> 0" : "coalesce(json_agg(pgrst_t), '[]')";
  return options.stripNulls ? `json_strip_nulls(${aggregate})::text` : `(${aggregate})::text`;
}

export interface Page {
  limit: number | null;
  offset: number;
}

/** `countLimit` caps the count as `count=estimated` does (PostgREST's limitedQuery). */
export function readStatement(
  node: ReadNode,
  page: Page,
  count: boolean,
  options: BodyOptions,
  countLimit: number | null = null,
) {
  const params = new Params();
  const where = nodeConditions(node, params);
  const from = `FROM ${qualified(node.source)} AS ${ident(node.alias)}${where.length ? ` WHERE ${where.join(" AND ")}` : ""}`;
  const counted = countLimit === null ? from : `FROM (SELECT 1 ${from} LIMIT ${countLimit}) AS pgrst_c`;
  const total = count ? `(SELECT pg_catalog.count(*) ${counted})` : "null::bigint";
  const tail = `${groupBySql(node, params)}${orderSql(node, params)}${pageSql(page.limit, page.offset, params)}`;
  const body = bodySql(options, () => firstRowHeaderSql("pgrst_source"));
  const sql = `WITH pgrst_source AS (SELECT ${selectListSql(node, params)} ${from}${tail})
    SELECT ${total} AS total, pg_catalog.count(pgrst_t)::int AS page_total, ${body} AS body,
    null::int AS inserted, ${RESPONSE_SETTINGS} FROM pgrst_source AS pgrst_t`;
  return { sql, params: params.values };
}

/**
 * Shapes rows a mutation returned (`pgrst_source.pgrst_row`) with the request's select. Unnested
 * rather than expanded, so each row keeps its table's type and computed fields and relationships
 * (functions of that type) take it, as PostgREST's RETURNING and its cast to the table do.
 */
function representationSql(shape: MutationShape, node: ReadNode, params: Params): string {
  const source = `unnest(ARRAY(SELECT pgrst_row FROM pgrst_source)) AS ${ident(node.alias)}`;
  const total = shape.count ? "(SELECT pg_catalog.count(*) FROM pgrst_source)" : "null::bigint";
  const body = bodySql(shape.options, () => returnedHeaderSql(returnedColumns(node, shape.primaryKey), params));
  return `SELECT ${total} AS total, pg_catalog.count(pgrst_t)::int AS page_total, ${body} AS body,
    ${INSERTED_ROWS} AS inserted, ${RESPONSE_SETTINGS}
    FROM (SELECT ${selectListSql(node, params)} FROM ${source}${orderSql(node, params)}) AS pgrst_t`;
}

/** Without representation, nothing is returned, so SELECT policies are not consulted (as on PostgREST). */
function countOnlySql(count: boolean): string {
  const total = count ? "(SELECT pg_catalog.count(*) FROM pgrst_source)" : "null::bigint";
  return `SELECT ${total} AS total, (SELECT pg_catalog.count(*) FROM pgrst_source)::int AS page_total,
    null::text AS body, null::int AS inserted, ${RESPONSE_SETTINGS}`;
}

export interface MutationShape {
  /** The representation to return, or null for `return=minimal` / `headers-only`. */
  representation: ReadNode | null;
  count: boolean;
  options: BodyOptions;
  /** The table's primary key, which PostgREST's RETURNING adds (and so CSV's header names). */
  primaryKey: string[];
}

/**
 * How many of the returned rows an upsert inserted: those it did not update, which its DO UPDATE
 * counts in a transaction setting as PostgREST's addConfigPgrstInserted does (a row's `xmax`
 * would do, but a partitioned table cannot return system columns). Counted once every row is in.
 */
const UPDATED_ROWS = `coalesce(nullif(current_setting('pgrst.updated', true), '')::int, 0)`;
const INSERTED_ROWS = `(SELECT pg_catalog.count(*) - ${UPDATED_ROWS} FROM pgrst_source)::int`;
const COUNT_UPDATE = `set_config('pgrst.updated', (${UPDATED_ROWS} + 1)::text, true) IS NOT NULL`;

function returning(shape: MutationShape, targetAlias: string): string {
  if (!shape.representation) return "RETURNING 1";
  return `RETURNING ${ident(targetAlias)} AS pgrst_row`;
}

function finish(mutation: string, shape: MutationShape, params: Params) {
  const tail = shape.representation
    ? representationSql(shape, shape.representation, params)
    : countOnlySql(shape.count);
  return { sql: `WITH pgrst_source AS (${mutation}) ${tail}`, params: params.values };
}

function noRows(target: string): string {
  return `SELECT NULL::${target} AS pgrst_row WHERE false`;
}

export interface InsertSpec {
  table: Source;
  columns: Column[];
  /** The keys each row carries; a missing key takes the column default when `missingDefault`. */
  rowKeys: Array<Set<string>>;
  missingDefault: boolean;
  body: string;
  conflict: { columns: string[]; ignore: boolean } | null;
  /** PUT's key filters, applied to the body's rows (only a row with the URL's key is written). */
  where: PlannedCondition[];
}

export function insertStatement(spec: InsertSpec, shape: MutationShape) {
  const params = new Params();
  const target = qualified(spec.table);
  if (spec.rowKeys.length === 0 && spec.where.length === 0) return finish(noRows(target), shape, params);
  const body = params.add(spec.body);
  const names = spec.columns.map((c) => ident(c.name)).join(", ");
  const rowsJson = `CASE WHEN jsonb_typeof(${body}::jsonb) = 'array' THEN ${body}::jsonb ELSE jsonb_build_array(${body}::jsonb) END`;
  let insert: string;
  if (spec.where.length > 0) {
    // Only the body's keys are columns of pgrst_body: a filter on any other is Postgres's 42703, as on PostgREST.
    const where = spec.where.map((c) => conditionSql(c, "pgrst_body", params)).join(" AND ");
    const into = names ? ` (${names})` : "";
    insert = `INSERT INTO ${target} AS pgrst_target${into} SELECT ${names} FROM (SELECT ${names} FROM jsonb_populate_recordset(NULL::${target}, ${rowsJson})) AS pgrst_body WHERE ${where}`;
  } else if (spec.columns.length === 0) {
    const first = [...spec.table.columns.keys()][0] ?? "";
    insert = `INSERT INTO ${target} AS pgrst_target (${ident(first)}) VALUES ${spec.rowKeys.map(() => "(DEFAULT)").join(", ")}`;
  } else if (spec.missingDefault && spec.rowKeys.some((keys) => spec.columns.some((c) => !keys.has(c.name)))) {
    const rows = spec.rowKeys.map((keys, i) => {
      const cells = spec.columns.map((c) =>
        keys.has(c.name)
          ? `(SELECT (jsonb_populate_record(NULL::${target}, pgrst_rows -> ${i})).${ident(c.name)} FROM pgrst_body)`
          : "DEFAULT",
      );
      return `(${cells.join(", ")})`;
    });
    insert = `INSERT INTO ${target} AS pgrst_target (${names}) VALUES ${rows.join(", ")}`;
  } else {
    insert = `INSERT INTO ${target} AS pgrst_target (${names}) SELECT ${names} FROM jsonb_populate_recordset(NULL::${target}, ${rowsJson})`;
  }
  if (spec.conflict) {
    const conflictCols = spec.conflict.columns.map(ident).join(", ");
    const updates = spec.columns.map((c) => `${ident(c.name)} = EXCLUDED.${ident(c.name)}`);
    insert +=
      spec.conflict.ignore || updates.length === 0
        ? ` ON CONFLICT (${conflictCols}) DO NOTHING`
        : ` ON CONFLICT (${conflictCols}) DO UPDATE SET ${updates.join(", ")} WHERE ${COUNT_UPDATE}`;
  }
  insert += ` ${returning(shape, "pgrst_target")}`;
  const statement = finish(insert, shape, params);
  return {
    sql: `WITH pgrst_body AS (SELECT ${rowsJson} AS pgrst_rows), ${statement.sql.slice(5)}`,
    params: params.values,
  };
}

export function updateStatement(
  table: Source,
  alias: string,
  columns: Column[],
  body: string,
  where: Condition[],
  shape: MutationShape,
) {
  const params = new Params();
  const target = qualified(table);
  // PostgREST answers an empty PATCH body without touching any row.
  if (columns.length === 0) return finish(noRows(target), shape, params);
  const patch = params.add(body);
  const sets = columns.map((c) => `${ident(c.name)} = pgrst_patch.${ident(c.name)}`).join(", ");
  const conditions = where.map((c) => conditionSql(c, alias, params));
  // PostgREST's UPDATE ... FROM the body's rows changes each row once, from the first of them.
  const update = `UPDATE ${target} AS ${ident(alias)} SET ${sets} FROM jsonb_populate_record(NULL::${target}, ${firstRow(patch)}) AS pgrst_patch${
    conditions.length ? ` WHERE ${conditions.join(" AND ")}` : ""
  } ${returning(shape, alias)}`;
  return finish(update, shape, params);
}

/** A body's object, or an array's first one: the row an update reads. */
function firstRow(body: string): string {
  return `(SELECT CASE WHEN jsonb_typeof(b) = 'array' THEN b -> 0 ELSE b END FROM (SELECT ${body}::jsonb AS b) AS pgrst_payload)`;
}

export function deleteStatement(table: Source, alias: string, where: Condition[], shape: MutationShape) {
  const params = new Params();
  const conditions = where.map((c) => conditionSql(c, alias, params));
  const statement = `DELETE FROM ${qualified(table)} AS ${ident(alias)}${
    conditions.length ? ` WHERE ${conditions.join(" AND ")}` : ""
  } ${returning(shape, alias)}`;
  return finish(statement, shape, params);
}

export interface CallSpec {
  routine: RoutineInfo;
  /** The parameters given, in the function's order. */
  params: Array<{ name: string; type: string; variadic: boolean }>;
  args: CallArguments;
}

export type CallArguments =
  /** The one json/jsonb/text/xml/bytea parameter takes the body itself (positionally: it may be unnamed). */
  | { kind: "whole-body"; body: string }
  /** JSON, read at the parameters' types with json_to_record(set) as PostgREST's fromJsonBodyF does. */
  | { kind: "json"; body: string }
  /** A query string's or a form's text, each value cast to its parameter's type as PostgREST's fmtArgs does. */
  | { kind: "text"; values: Record<string, string | string[]> };

function callExpression(spec: CallSpec, params: Params): { from: string; call: string } {
  const fn = qualified(spec.routine);
  const { args } = spec;
  if (spec.params.length === 0) return { from: "", call: `${fn}()` };
  if (args.kind === "whole-body") return { from: "", call: `${fn}(${params.add(args.body)}::${spec.params[0]?.type})` };
  const variadic = (p: { variadic: boolean }) => (p.variadic ? "VARIADIC " : "");
  if (args.kind === "text") {
    // Untyped, so Postgres reads each value for its parameter's type, a polymorphic one's too.
    const named = spec.params.map((p) => {
      const value = args.values[p.name] ?? "";
      const literal = Array.isArray(value) ? arrayLiteral(value) : value;
      return `${variadic(p)}${ident(p.name)} := ${params.add(literal)}::${p.type}`;
    });
    return { from: "", call: `${fn}(${named.join(", ")})` };
  }
  const definition = spec.params.map((p) => `${ident(p.name)} ${p.type}`).join(", ");
  const named = spec.params.map((p) => `${variadic(p)}${ident(p.name)} := pgrst_args.${ident(p.name)}`).join(", ");
  // SqlFragment.hs fromJsonBodyF: a body that looks like an object is one record, anything else a
  // set of them, of which the first (so Postgres's own error for a scalar, and no call for `[]`).
  const body = `${params.add(args.body)}::json`;
  const from = /^[ \t\n\r]*\{/.test(args.body)
    ? `json_to_record(${body}) AS pgrst_args(${definition})`
    : `(SELECT * FROM json_to_recordset(${body}) AS pgrst_args(${definition}) LIMIT 1) AS pgrst_args`;
  return { from, call: `${fn}(${named})` };
}

/**
 * The call in `pgrst_source`, then the request's select, filters, order and page over its rows
 * (as PostgREST, so CSV's header names the function's first row even when filters drop it).
 */
export function callStatement(spec: CallSpec, node: ReadNode | null, page: Page, count: boolean, options: BodyOptions) {
  const params = new Params();
  const { from, call } = callExpression(spec, params);
  const shape = spec.routine.shape;
  if (shape === "void" || shape === "scalar" || shape === "setof-scalar") {
    const source = `SELECT ${call} AS pgrst_scalar${from ? ` FROM ${from}` : ""}`;
    const bodies = {
      void: "null::text",
      // PostgREST's `json_agg(...)->0`: array_agg would stack an array result into a 2-D array.
      scalar: "coalesce((json_agg(pgrst_t.pgrst_scalar) -> 0)::text, 'null')",
      "setof-scalar": "coalesce(json_agg(pgrst_t.pgrst_scalar), '[]')::text",
    };
    const body = bodySql(options, () => firstRowHeaderSql("pgrst_source"), {
      json: bodies[shape],
      single: shape !== "setof-scalar",
    });
    const paged = shape === "setof-scalar" ? pageSql(page.limit, page.offset, params) : "";
    const total = count ? "(SELECT pg_catalog.count(*) FROM pgrst_source)" : "null::bigint";
    return {
      sql: `WITH pgrst_source AS (${source}) SELECT ${total} AS total, pg_catalog.count(pgrst_t)::int AS page_total,
        ${body} AS body, null::int AS inserted, ${RESPONSE_SETTINGS} FROM (SELECT * FROM pgrst_source${paged}) AS pgrst_t`,
      params: params.values,
    };
  }
  if (!node) throw new Error("a routine returning rows needs a read plan");
  const source = `SELECT ${ident(node.alias)}.* FROM ${from ? `${from}, ` : ""}${call} AS ${ident(node.alias)}`;
  const where = nodeConditions(node, params);
  // A CTE's rows are records: rows of a table's type are cast back to it for computed fields.
  const table = spec.routine.returnsTable;
  const rows = table
    ? `unnest(ARRAY(SELECT pgrst_source::${qualified({ schema: spec.routine.schema, name: table })} FROM pgrst_source))`
    : "pgrst_source";
  const filtered = `FROM ${rows} AS ${ident(node.alias)}${where.length ? ` WHERE ${where.join(" AND ")}` : ""}`;
  const total = count ? `(SELECT pg_catalog.count(*) ${filtered})` : "null::bigint";
  const media = shape === "composite" && options.media === "json" ? "object" : options.media;
  const body = bodySql({ ...options, media }, () => returnedHeaderSql(returnedColumns(node, []), params));
  const tail = `${groupBySql(node, params)}${orderSql(node, params)}${pageSql(page.limit, page.offset, params)}`;
  return {
    sql: `WITH pgrst_source AS (${source}) SELECT ${total} AS total, pg_catalog.count(pgrst_t)::int AS page_total,
      ${body} AS body, null::int AS inserted, ${RESPONSE_SETTINGS}
      FROM (SELECT ${selectListSql(node, params)} ${filtered}${tail}) AS pgrst_t`,
    params: params.values,
  };
}
