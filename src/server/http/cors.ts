import type { IncomingMessage, ServerResponse } from "node:http";
import { getServerEnv } from "../env";

const PREFLIGHT_MAX_AGE_SECONDS = 600;

/**
 * CORS: a browser on another origin may read API responses only if ALLOWED_ORIGINS lists it
 * exactly; the API's own pages need no CORS at all. Answers preflights itself and returns true
 * when the request is fully answered.
 * @see https://fetch.spec.whatwg.org/#http-cors-protocol
 */
export function handleCors(req: IncomingMessage, res: ServerResponse): boolean {
  const origin = req.headers.origin;
  // Responses differ by Origin, so shared caches must keep them apart.
  res.appendHeader("vary", "Origin");
  const allowed = origin !== undefined && getServerEnv().ALLOWED_ORIGINS.includes(origin);
  if (allowed) {
    res.setHeader("access-control-allow-origin", origin);
    res.setHeader("access-control-allow-credentials", "true");
  }
  if (req.method !== "OPTIONS") return false;
  if (allowed) {
    res.setHeader("access-control-allow-methods", "GET, POST");
    res.setHeader("access-control-allow-headers", "content-type, authorization, trpc-accept, x-trpc-source");
    res.setHeader("access-control-max-age", String(PREFLIGHT_MAX_AGE_SECONDS));
  }
  res.statusCode = allowed ? 204 : 403;
  res.end();
  return true;
}
