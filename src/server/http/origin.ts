import type { IncomingMessage } from "node:http";
import { getServerEnv } from "../env";

/** The request's Origin header when it names a site this API does not trust, else null. */
export function foreignOrigin(req: IncomingMessage): string | null {
  const origin = req.headers.origin;
  if (!origin) return null;
  return isOwnOrigin(origin, req) || getServerEnv().ALLOWED_ORIGINS.includes(origin) ? null : origin;
}

function isOwnOrigin(origin: string, req: IncomingMessage) {
  try {
    return new URL(origin).host === req.headers.host;
  } catch {
    return false;
  }
}

/**
 * A browser marks where a request comes from: Origin (on every POST and cross-origin fetch)
 * and Sec-Fetch-Site. A request from another site carrying our cookies is a cross-site request
 * forgery attempt. Non-browser clients send neither and are not a CSRF vector.
 * IMPORTANT: a foreign Origin wins over whatever Sec-Fetch-Site says ("none" claims a typed
 * URL or bookmark, which never carries an Origin).
 */
export function isCrossSite(req: IncomingMessage) {
  if (req.headers.origin) return foreignOrigin(req) !== null;
  const fetchSite = req.headers["sec-fetch-site"];
  return fetchSite !== undefined && fetchSite !== "same-origin" && fetchSite !== "none";
}
