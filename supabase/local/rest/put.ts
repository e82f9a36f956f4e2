/**
 * Stands in for PostgREST's `PUT /table?pk=eq.value` (MutationSingleUpsert): the body's rows
 * (JSON, CSV or a form, `columns=` not read) that carry the URL's key are inserted, or updated
 * in place on a primary-key conflict, and exactly one must (PGRST115, nothing written
 * otherwise), so of an array only the row with the key counts. The filters must be `eq` on every
 * primary key column and nothing else (PGRST105), `limit`/`offset` are refused (PGRST114).
 * Answers 201 when inserted, 200 when updated (204 without `return=representation`).
 */
import { restError } from "./errors.ts";
import { explainResponse } from "./explain.ts";
import { contentHeaders, execute, type RequestContext, responseBody } from "./handler.ts";
import type { Condition, QueryParams } from "./parse.ts";
import { validateCondition } from "./plan.ts";
import { preferenceApplied } from "./request.ts";
import type { Table } from "./schema-cache.ts";
import { insertStatement, type ResultRow } from "./sql.ts";
import { mutationRows, payloadColumns, planMutation } from "./table.ts";

export async function upsertOne(request: RequestContext, table: Table, params: QueryParams): Promise<Response> {
  const root = params.nodes.get("");
  if (root && (root.limit !== null || root.offset !== null)) {
    throw restError(400, "PGRST114", "limit/offset querystring parameters are not allowed for PUT");
  }
  // PostgREST reads the body before it plans anything.
  const { names, rows, text } = await mutationRows(request, null);
  const keyFilters = primaryKeyFilters(table, root?.conditions ?? []).map((condition) =>
    validateCondition(table, condition, request.cache),
  );
  const columns = payloadColumns(table, names);
  const { ctx, shape } = planMutation(request, table, params);
  const statement = insertStatement(
    {
      table,
      columns,
      rowKeys: rows.map((row) => new Set(Object.keys(row))),
      missingDefault: false,
      body: text,
      conflict: { columns: table.primaryKey, ignore: false },
      where: keyFilters,
    },
    shape,
  );
  if (ctx.accept.plan) return explainResponse(ctx, ctx.accept.plan, statement);
  const row = await execute(ctx, statement, onePut);
  const headers = preferenceApplied(ctx.prefs, "put");
  if (ctx.prefs.representation !== "full") return new Response(null, { status: 204, headers });
  const status = row.inserted !== null && row.inserted > 0 ? 201 : 200;
  return new Response(responseBody(ctx, row), { status, headers: { ...headers, ...contentHeaders(ctx) } });
}

/** Query.hs failPut: a PUT that wrote no row, or more than one, is rolled back. */
function onePut(row: ResultRow) {
  if (row.page_total !== 1)
    throw restError(400, "PGRST115", "Payload values do not match URL in primary key column(s)");
}

/** The URL's filters, which must be one `eq` on each primary key column and nothing else (PGRST105). */
function primaryKeyFilters(table: Table, conditions: Condition[]): Condition[] {
  const keyed = new Set<string>();
  for (const condition of conditions) {
    const eqOnKey =
      condition.kind === "filter" &&
      condition.op === "eq" &&
      !condition.negate &&
      condition.quantifier === null &&
      condition.path.length === 0 &&
      table.primaryKey.includes(condition.column);
    if (!eqOnKey || keyed.has(condition.column)) break;
    keyed.add(condition.column);
  }
  const valid = keyed.size === conditions.length && table.primaryKey.every((column) => keyed.has(column));
  if (!valid || table.primaryKey.length === 0) {
    throw restError(405, "PGRST105", "Filters must include all and only primary key columns with 'eq' operators");
  }
  return conditions;
}
