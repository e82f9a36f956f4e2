/**
 * Stands in for PostgREST's answers to OPTIONS (Response.hs RelInfoPlan, RoutineInfoPlan,
 * SchemaInfoPlan): 200, no body, and the methods the resource takes in `Allow`. Nothing runs
 * in the database. Not supported (refused): OPTIONS on a table or view the schema cache lacks
 * (PostgREST's 404 body is not pinned down here), and CORS preflights (handler.ts).
 */
import type { RoutineInfo, Table } from "./schema-cache.ts";

export function allowResponse(allow: string): Response {
  return new Response(null, {
    status: 200,
    headers: { "Content-Length": "0", "Access-Control-Allow-Origin": "*", Allow: allow },
  });
}

/** PUT needs a primary key (a view's inferred one counts) besides INSERT and UPDATE. */
export function tableAllow(table: Table): string {
  return [
    "OPTIONS,GET,HEAD",
    table.insertable && "POST",
    table.insertable && table.updatable && table.primaryKey.length > 0 && "PUT",
    table.updatable && "PATCH",
    table.deletable && "DELETE",
  ]
    .filter(Boolean)
    .join(",");
}

/** A volatile function only takes POST: GET and HEAD run read-only. */
export function routineAllow(routine: RoutineInfo): string {
  return routine.volatility === "v" ? "OPTIONS,POST" : "OPTIONS,GET,HEAD,POST";
}

export const ROOT_ALLOW = "OPTIONS,GET,HEAD";
