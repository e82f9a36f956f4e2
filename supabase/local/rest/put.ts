/**
 * Stands in for PostgREST's `PUT /table?pk=eq.value` (MutationSingleUpsert): one JSON object
 * inserted, or updated in place on a primary-key conflict. The filters must be `eq` on every
 * primary key column and nothing else (PGRST105), `limit`/`offset` are refused (PGRST114) and
 * the body's key must match the URL's (PGRST115). Answers 201 when inserted, 200 when updated
 * (204 without `return=representation`). Not supported: a JSON array body.
 */
import { notSupported, restError } from "./errors.ts";
import { explainResponse } from "./explain.ts";
import { contentHeaders, execute, type RestContext } from "./handler.ts";
import type { Condition, QueryParams } from "./parse.ts";
import { preferenceApplied, readJsonBody } from "./request.ts";
import type { Table } from "./schema-cache.ts";
import { insertStatement } from "./sql.ts";
import { isObject, mutationShape, payloadColumns, singularCheck } from "./table.ts";

export async function upsertOne(ctx: RestContext, table: Table, params: QueryParams): Promise<Response> {
  const root = params.nodes.get("");
  if (root && (root.limit !== null || root.offset !== null)) {
    throw restError(400, "PGRST114", "limit/offset querystring parameters are not allowed for PUT");
  }
  const keyValues = primaryKeyFilters(table, root?.conditions ?? []);
  const body = await readJsonBody(ctx.request);
  if (Array.isArray(body.value)) throw notSupported("PUT with a JSON array body");
  if (!isObject(body.value)) throw restError(400, "PGRST102", "Empty or invalid json");
  const payload = body.value;
  // PostgREST inserts only where the payload's key equals the URL's; otherwise no row, PGRST115.
  const matches = table.primaryKey.every((column) => {
    const given = payload[column];
    const expected = keyValues.get(column) ?? "";
    return typeof given === "number" ? given === Number(expected) : String(given) === expected;
  });
  if (!matches) throw restError(400, "PGRST115", "Payload values do not match URL in primary key column(s)");
  const columns = payloadColumns(table, params.columns ?? Object.keys(payload));
  const shape = mutationShape(ctx, table, params);
  const statement = insertStatement(
    {
      table,
      columns,
      rowKeys: [new Set(Object.keys(payload))],
      missingDefault: false,
      body: body.text,
      conflict: { columns: table.primaryKey, ignore: false },
    },
    shape,
  );
  if (ctx.accept.plan) return explainResponse(ctx, ctx.accept.plan, statement);
  const row = await execute(ctx, statement, singularCheck(ctx));
  const headers = preferenceApplied(ctx.prefs, "put");
  if (ctx.prefs.representation !== "full") return new Response(null, { status: 204, headers });
  const status = row.inserted !== null && row.inserted > 0 ? 201 : 200;
  return new Response(row.body, { status, headers: { ...headers, ...contentHeaders(ctx) } });
}

/** The URL's value for each primary key column; anything else there is PGRST105. */
function primaryKeyFilters(table: Table, conditions: Condition[]): Map<string, string> {
  const values = new Map<string, string>();
  for (const condition of conditions) {
    const eqOnKey =
      condition.kind === "filter" &&
      condition.op === "eq" &&
      !condition.negate &&
      condition.quantifier === null &&
      condition.path.length === 0 &&
      table.primaryKey.includes(condition.column);
    if (!eqOnKey || values.has(condition.column)) break;
    values.set(condition.column, String(condition.value));
  }
  const valid = values.size === conditions.length && table.primaryKey.every((column) => values.has(column));
  if (!valid || table.primaryKey.length === 0) {
    throw restError(405, "PGRST105", "Filters must include all and only primary key columns with 'eq' operators");
  }
  return values;
}
