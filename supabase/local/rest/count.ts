/**
 * Stands in for PostgREST's `Prefer: count=` totals (Query.hs `resultSetWTotal`): `exact` is
 * the statement's own `count(*)`; `planned` is the planner's row estimate for the request's
 * count query (`EXPLAIN (FORMAT JSON) SELECT 1 FROM ... WHERE ...`, "Plan Rows"); `estimated`
 * counts exactly up to `[api] max_rows` + 1 and past that takes the larger of that count and
 * the estimate. Functions (`/rpc`) follow PostgREST too: `planned` gives no total there.
 */
import { executeRows, type RequestContext } from "./handler.ts";
import type { ReadNode } from "./plan.ts";
import { ident, nodeConditions, Params, qualified, type ResultRow } from "./sql.ts";

export interface CountQuery {
  sql: string;
  params: unknown[];
}

/** PostgREST's readPlanToCountQuery: the root's rows, filtered, without select, order or page. */
export function countQuery(node: ReadNode): CountQuery {
  const params = new Params();
  const where = nodeConditions(node, params);
  const sql = `SELECT 1 FROM ${qualified(node.source)} AS ${ident(node.alias)}${
    where.length ? ` WHERE ${where.join(" AND ")}` : ""
  }`;
  return { sql, params: params.values };
}

/** Whether the main statement must count rows itself (PostgREST's `shouldCount`). */
export function statementCounts(ctx: RequestContext): boolean {
  return ctx.prefs.count === "exact" || ctx.prefs.count === "estimated";
}

/** The most rows one answer holds: `pgrst.db_max_rows`, else `[api] max_rows`. */
export const maxRows = (ctx: RequestContext) => ctx.cache.config.maxRows ?? ctx.stack.settings.api.max_rows;

/** The cap on the statement's own count under `count=estimated`: one past max_rows. */
export function countLimit(ctx: RequestContext): number | null {
  return ctx.prefs.count === "estimated" ? maxRows(ctx) + 1 : null;
}

/** The total for Content-Range, or null when none was asked for (or `planned` on a function). */
export async function tableTotal(
  ctx: RequestContext,
  row: ResultRow,
  query: CountQuery | null,
): Promise<number | null> {
  const counted = row.total === null ? null : Number(row.total);
  if (ctx.prefs.count === "exact" || query === null) return statementCounts(ctx) ? counted : null;
  if (ctx.prefs.count === "planned") return plannedRows(ctx, query);
  if (ctx.prefs.count === "estimated" && counted !== null) {
    if (counted <= maxRows(ctx)) return counted;
    return Math.max(counted, await plannedRows(ctx, query));
  }
  return null;
}

type ExplainJson = Array<{ Plan: { "Plan Rows": number } }>;

/** Runs EXPLAIN as the request's role, so row level security shapes the plan as on PostgREST. */
async function plannedRows(ctx: RequestContext, query: CountQuery): Promise<number> {
  const [row] = await executeRows(ctx, { sql: `EXPLAIN (FORMAT JSON) ${query.sql}`, params: query.params });
  const plan = row?.["QUERY PLAN"] as ExplainJson;
  return Number(plan[0]?.Plan["Plan Rows"] ?? 0);
}
