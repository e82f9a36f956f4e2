/**
 * Stands in for PostgREST's `Accept: application/vnd.pgrst.plan` (Statements.hs `mtSnippet`,
 * SqlFragment.hs `explainF`, Response.hs `RSPlan`): instead of running the statement that would
 * answer the request, `EXPLAIN (FORMAT TEXT|JSON, options)` it in the same transaction, as the
 * caller, and answer 200 with the plan and only `Content-Type` (and `Content-Profile`).
 * IMPORTANT: as on PostgREST, `options=analyze` runs the statement, and a mutation's changes
 * are committed unless `pgrst.db_tx_end` or `Prefer: tx=rollback` ends the transaction with a
 * rollback. Not checked for a plan, as on PostgREST: singular results and `max-affected`.
 */
import { contentHeaders, executeRows, type RestContext } from "./handler.ts";
import type { PlanRequest } from "./media.ts";
import type { Statement } from "./transaction.ts";

export async function explainResponse(ctx: RestContext, plan: PlanRequest, statement: Statement): Promise<Response> {
  const options = [`FORMAT ${plan.format.toUpperCase()}`, ...plan.options.map((option) => option.toUpperCase())];
  const rows = await executeRows(ctx, {
    sql: `EXPLAIN (${options.join(", ")}) ${statement.sql}`,
    params: statement.params,
    jsonAsText: true,
  });
  // PostgREST joins EXPLAIN's rows with BS.unlines: each line, the JSON one too, ends in a newline.
  const body = rows.map((row) => `${String(row["QUERY PLAN"])}\n`).join("");
  return new Response(ctx.method === "HEAD" ? null : body, { status: 200, headers: contentHeaders(ctx) });
}
