/**
 * Stands in for PostgREST's table and view endpoints: GET/HEAD reads, POST inserts and
 * upserts (PUT in put.ts) (`on_conflict`, `resolution=merge|ignore-duplicates`, `columns`, `missing=default`),
 * PATCH and DELETE with filters, `return=representation|minimal|headers-only` and the
 * statuses, `Content-Range` and `Preference-Applied` PostgREST sends for each. `Location` (one
 * row inserted into a table with a primary key, `return=headers-only` only) is read from the
 * returned key.
 */

import { type CountQuery, countLimit, countQuery, maxRows, statementCounts, tableTotal } from "./count.ts";
import { notSupported, restError } from "./errors.ts";
import { explainResponse } from "./explain.ts";
import {
  contentHeaders,
  contentRange,
  execute,
  negotiated,
  type RequestContext,
  type RestContext,
  rangeStatus,
  responseBody,
  singularityError,
} from "./handler.ts";
import { tableNotFoundHint } from "./hints.ts";
import { allowResponse, tableAllow } from "./options.ts";
import { isDefaultSelect, type NodeParams, parseQueryParams, type QueryParams } from "./parse.ts";
import { isRow, keysMismatch, type Row, readPayload, rowsText, uniformRows } from "./payload.ts";
import { checkComputedOnReturnedRows, planRead, type ReadNode, requireColumn, validateCondition } from "./plan.ts";
import { upsertOne } from "./put.ts";
import {
  checkMaxAffected,
  checkStrictPreferences,
  limitsAffected,
  preferenceApplied,
  type ResponseKind,
  rangeHeader,
} from "./request.ts";
import { type Column, qualifiedName, type Table } from "./schema-cache.ts";
import {
  deleteStatement,
  insertStatement,
  type MutationShape,
  type Page,
  type ResultRow,
  readStatement,
  updateStatement,
} from "./sql.ts";

const MUTATION_ALIAS = "pgrst_target";

export async function handleTable(ctx: RequestContext, name: string): Promise<Response> {
  const table = ctx.cache.tables.get(qualifiedName(ctx.schema, name));
  if (!table && ctx.method === "OPTIONS") throw notSupported("OPTIONS on a table or view not in the schema cache");
  if (!table) {
    const tablesOfSchema = [...ctx.cache.tables.values()].filter((t) => t.schema === ctx.schema).map((t) => t.name);
    throw restError(
      404,
      "PGRST205",
      `Could not find the table '${ctx.schema}.${name}' in the schema cache`,
      null,
      tableNotFoundHint(ctx.schema, name, tablesOfSchema),
    );
  }
  if (ctx.method === "OPTIONS") return allowResponse(tableAllow(table));
  const params = parseQueryParams(ctx.query);
  if (ctx.method === "GET" || ctx.method === "HEAD") return read(ctx, table, params);
  if (ctx.method === "POST") return insert(ctx, table, params);
  if (ctx.method === "PUT") return upsertOne(ctx, table, params);
  return mutateExisting(ctx, table, params);
}

/** The root page: `limit`/`offset`, narrowed by a `Range` header and capped at max_rows. */
export function topLevelPage(ctx: RequestContext, root: NodeParams | undefined): Page {
  let lower = root?.offset ?? 0;
  let upper = root?.limit === null || root?.limit === undefined ? Number.POSITIVE_INFINITY : lower + root.limit - 1;
  // PostgREST reads the Range header on GET only (RpcSpec: "ignores Range header when method is different than GET").
  const header = ctx.method === "GET" ? rangeHeader(ctx.request) : null;
  if (header) {
    lower = Math.max(lower, header.offset);
    upper = Math.min(upper, header.upper ?? Number.POSITIVE_INFINITY);
  }
  const most = maxRows(ctx);
  const limit = upper === Number.POSITIVE_INFINITY ? most : Math.min(Math.max(0, upper - lower + 1), most);
  return { offset: lower, limit };
}

/** `count` is the root's count query (for `count=planned|estimated`), null for functions. */
export async function readResponse(
  ctx: RestContext,
  row: ResultRow,
  page: Page,
  kind: ResponseKind,
  count: CountQuery | null,
) {
  if (ctx.accept.media === "object" && row.page_total !== 1) throw singularityError(row.page_total);
  const total = await tableTotal(ctx, row, count);
  const status = rangeStatus(page.offset, row.page_total, total);
  const headers = {
    ...contentHeaders(ctx),
    "Content-Range": contentRange(page.offset, page.offset + row.page_total - 1, total),
    ...preferenceApplied(ctx.prefs, kind),
  };
  return new Response(responseBody(ctx, row), { status, headers });
}

/** The media type a table's request answers in, negotiated once its select is planned. */
function tableMedia(request: RequestContext, table: Table, params: QueryParams): RestContext {
  const target = { name: qualifiedName(table.schema, table.name), defaultSelect: isDefaultSelect(params.select) };
  return negotiated(request, target);
}

async function read(request: RequestContext, table: Table, params: QueryParams): Promise<Response> {
  // PostgREST reads the Range header with the request, before it plans anything.
  const page = topLevelPage(request, params.nodes.get(""));
  const node = planRead(request.cache, table, params.select, params.nodes, { aggregates: true });
  const ctx = tableMedia(request, table, params);
  checkStrictPreferences(ctx.prefs);
  const statement = readStatement(node, page, statementCounts(ctx), ctx.accept, countLimit(ctx));
  if (ctx.accept.plan) return explainResponse(ctx, ctx.accept.plan, statement);
  const row = await execute(ctx, statement);
  return readResponse(ctx, row, page, "read", countQuery(node));
}

function columnNotInCache(table: Table, column: string) {
  return restError(400, "PGRST204", `Could not find the '${column}' column of '${table.name}' in the schema cache`);
}

export function payloadColumns(table: Table, names: Iterable<string>): Column[] {
  return [...names].map((name) => {
    const column = table.columns.get(name);
    if (!column) throw columnNotInCache(table, name);
    return column;
  });
}

/** A mutation's shape, then (PostgREST's order) the media type it answers in. */
export function planMutation(
  request: RequestContext,
  table: Table,
  params: QueryParams,
): { ctx: RestContext; shape: MutationShape } {
  let representation: ReadNode | null = null;
  if (request.prefs.representation === "full") {
    representation = planRead(request.cache, table, params.select, representationNodes(params.nodes));
    checkComputedOnReturnedRows(representation, "a mutation's representation");
  } else if (
    request.method === "POST" &&
    request.prefs.representation === "headers-only" &&
    table.primaryKey.length > 0
  ) {
    // Only the primary key is read back, for the Location header.
    const select = table.primaryKey.map((name) => ({
      kind: "column" as const,
      name,
      path: [],
      alias: null,
      cast: null,
      aggregate: null,
    }));
    representation = planRead(request.cache, table, select, new Map());
  }
  checkStrictPreferences(request.prefs);
  const ctx = tableMedia(request, table, params);
  // Without its representation a mutation answers no body (PostgREST's NoAgg); what Location reads is JSON.
  const noBody = ctx.accept.media === "custom" && request.prefs.representation !== "full";
  const options = noBody ? { media: "json" as const, stripNulls: false, custom: null, headersOnly: false } : ctx.accept;
  const shape = { representation, count: statementCounts(ctx), options, primaryKey: table.primaryKey };
  return { ctx, shape };
}

/**
 * A mutation's representation as PostgREST v13+ plans it: the root's filters choose the rows
 * to change and do not filter them again, `order` (root or embedded) orders what comes back,
 * and `limit`/`offset` apply nowhere, as PostgREST dropped limited updates and deletes.
 */
function representationNodes(nodes: Map<string, NodeParams>): Map<string, NodeParams> {
  return new Map(
    [...nodes].map(([path, node]): [string, NodeParams] => [
      path,
      { ...node, conditions: path === "" ? [] : node.conditions, limit: null, offset: null },
    ]),
  );
}

/**
 * PostgREST rolls a mutation back when `vnd.pgrst.object` was asked for and it touched != 1 row.
 * Other mutations need no check, so they commit in the same message as the statement.
 */
export function singularCheck(ctx: RestContext) {
  if (ctx.accept.media !== "object") return undefined;
  return (row: ResultRow) => {
    if (row.page_total !== 1) throw singularityError(row.page_total);
  };
}

/**
 * The singular check plus `max-affected` (with handling=strict), run before the commit so either
 * rolls back what a mutation or a function changed; none lets the statement commit in one message.
 */
export function mutationCheck(ctx: RestContext) {
  const singular = singularCheck(ctx);
  if (!singular && !limitsAffected(ctx.prefs)) return undefined;
  return (row: ResultRow) => {
    singular?.(row);
    checkMaxAffected(ctx.prefs, row.page_total);
  };
}

/**
 * The rows a body gives and the columns they set. `columns` (POST and PATCH's `columns=`) names
 * them for a JSON body, which PostgREST then passes on unchecked (its rows may lack some);
 * otherwise they are the keys every row must share (uniformRows).
 */
export async function mutationRows(
  ctx: RequestContext,
  columns: string[] | null,
): Promise<{ names: string[]; rows: Row[]; text: string }> {
  const payload = await readPayload(ctx.request);
  if (columns && payload.media === "json") {
    const rows = isRow(payload.value) ? [payload.value] : payload.value;
    if (!Array.isArray(rows) || !rows.every(isRow)) {
      throw notSupported("A `columns` request whose JSON body is not an object or an array of objects");
    }
    return { names: columns, rows, text: payload.text };
  }
  const uniform = uniformRows(payload.value);
  if (!uniform) throw keysMismatch(payload.media);
  return { names: uniform.keys, rows: uniform.rows, text: rowsText(payload, uniform.rows) };
}

async function insert(request: RequestContext, table: Table, params: QueryParams): Promise<Response> {
  const { names, rows, text } = await mutationRows(request, params.columns);
  const rowKeys = rows.map((row) => new Set(Object.keys(row)));
  const columns = payloadColumns(table, names);
  const conflictColumns = params.onConflict ?? table.primaryKey;
  for (const column of conflictColumns) requireColumn(table, column);
  const resolution = request.prefs.resolution;
  const conflict =
    resolution && conflictColumns.length > 0
      ? { columns: conflictColumns, ignore: resolution === "ignore-duplicates" }
      : null;
  const { ctx, shape } = planMutation(request, table, params);
  const statement = insertStatement(
    { table, columns, rowKeys, missingDefault: ctx.prefs.missing === "default", body: text, conflict, where: [] },
    shape,
  );
  if (ctx.accept.plan) return explainResponse(ctx, ctx.accept.plan, statement);
  const row = await execute(ctx, statement, singularCheck(ctx));
  const total = shape.count ? Number(row.total) : null;
  const status = resolution === "merge-duplicates" && row.inserted !== null && row.inserted <= 0 ? 200 : 201;
  const headers = {
    "Content-Range": contentRange(1, 0, total),
    ...preferenceApplied(ctx.prefs, "insert", conflict !== null),
  };
  // Only headers-only answers a Location (PostgREST's InsertSpec: none with return=representation).
  const representation =
    ctx.accept.media === "csv" || ctx.prefs.representation !== "headers-only" ? null : shape.representation;
  const location = representation ? insertedLocation(table, representation, row) : null;
  if (location) Object.assign(headers, { Location: location });
  if (ctx.prefs.representation !== "full") return new Response(null, { status, headers });
  return new Response(responseBody(ctx, row), { status, headers: { ...headers, ...contentHeaders(ctx) } });
}

/**
 * PostgREST's Location for an insert of exactly one row into a table with a primary key:
 * `/table?pk=eq.value`. Read from the returned rows, so only when they carry the key as is.
 */
function insertedLocation(table: Table, node: ReadNode, row: ResultRow): string | null {
  if (row.page_total !== 1 || table.primaryKey.length === 0 || row.body === null) return null;
  const plain = (name: string) =>
    node.items.some(
      (item) =>
        item.kind === "star" ||
        (item.kind === "column" &&
          item.column.name === name &&
          item.outputName === name &&
          !item.cast &&
          !item.path.length),
    );
  if (!table.primaryKey.every(plain)) return null;
  const parsed = JSON.parse(row.body) as Record<string, unknown> | Array<Record<string, unknown>>;
  const inserted = Array.isArray(parsed) ? parsed[0] : parsed;
  if (!inserted) return null;
  const query = table.primaryKey.map(
    (name) => `${encodeURIComponent(name)}=${encodeURIComponent(`eq.${String(inserted[name])}`)}`,
  );
  return `/${table.name}?${query.join("&")}`;
}

async function mutateExisting(request: RequestContext, table: Table, params: QueryParams): Promise<Response> {
  // PostgREST reads the body before it plans anything.
  const body = request.method === "PATCH" ? await mutationRows(request, params.columns) : null;
  const root = params.nodes.get("");
  const where = (root?.conditions ?? []).map((condition) => validateCondition(table, condition, request.cache));
  const columns = body && body.rows.length > 0 ? payloadColumns(table, body.names) : [];
  const { ctx, shape } = planMutation(request, table, params);
  const statement = body
    ? updateStatement(table, MUTATION_ALIAS, columns, body.text, where, shape)
    : deleteStatement(table, MUTATION_ALIAS, where, shape);
  if (ctx.accept.plan) return explainResponse(ctx, ctx.accept.plan, statement);
  const row = await execute(ctx, statement, mutationCheck(ctx));
  const total = shape.count ? Number(row.total) : null;
  const range = ctx.method === "PATCH" ? contentRange(0, row.page_total - 1, total) : contentRange(1, 0, total);
  const headers = {
    "Content-Range": range,
    ...preferenceApplied(ctx.prefs, ctx.method === "PATCH" ? "update" : "delete"),
  };
  if (!shape.representation) return new Response(null, { status: 204, headers });
  return new Response(responseBody(ctx, row), { status: 200, headers: { ...headers, ...contentHeaders(ctx) } });
}
