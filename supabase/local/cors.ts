/**
 * CORS as the Supabase CLI's gateway answers it: Kong's `cors` plugin with its defaults on every
 * service route (kong.yml; not on /pg/ nor on a path no route matches). It answers a preflight
 * itself, before any key check, and sets `Access-Control-Allow-Origin: *` on every other answer.
 * What PostgREST and GoTrue add of their own is theirs (rest/handler.ts, auth/handler.ts).
 */
import type { ApiRequest } from "./local-stack.ts";

const CORS_ROUTES = ["/auth/v1/", "/rest/v1/", "/storage/v1/", "/realtime/v1/", "/functions/v1/", "/graphql/v1"];

/** Kong's default `methods`, which its preflight answer lists. */
const ALLOWED_METHODS = "GET,HEAD,PUT,PATCH,POST,DELETE,OPTIONS,TRACE,CONNECT";

export function hasCors(request: ApiRequest): boolean {
  const { pathname } = new URL(request.url);
  return CORS_ROUTES.some((prefix) => pathname.startsWith(prefix));
}

/** Kong's answer to a preflight (OPTIONS with Origin and Access-Control-Request-Method), else null. */
export function preflightAnswer(request: ApiRequest): Response | null {
  const { headers } = request;
  if (request.method !== "OPTIONS" || !headers.has("origin") || !headers.has("access-control-request-method")) {
    return null;
  }
  const answer = new Headers({ "Access-Control-Allow-Origin": "*", "Access-Control-Allow-Methods": ALLOWED_METHODS });
  // Without configured `headers`, Kong allows whatever the browser asked for.
  const requested = headers.get("access-control-request-headers");
  if (requested) answer.set("Access-Control-Allow-Headers", requested);
  return new Response(null, { status: 200, headers: answer });
}

/** Kong's header_filter: with no `origins` configured, every answer allows any origin. */
export function allowAnyOrigin(response: Response): Response {
  response.headers.set("Access-Control-Allow-Origin", "*");
  return response;
}
