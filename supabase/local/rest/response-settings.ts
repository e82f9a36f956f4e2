/**
 * PostgREST's `response.headers` and `response.status` (Response.hs `overrideStatusHeaders`):
 * a function or trigger of the request sets them with set_config, and the answer takes that
 * status and those headers, each replacing PostgREST's own of the same name.
 * @see https://docs.postgrest.org/en/v14/references/transactions.html#response-headers
 */
import { notSupported, restError } from "./errors.ts";

export interface ResponseSettings {
  /** A JSON array of one-key objects, `[{"Cache-Control": "max-age=60"}]`, or null when unset. */
  headers: string | null;
  /** Digits first, as Haskell's `decimal` reads them (`"201"`, `"201 Created"`), or null when unset. */
  status: string | null;
}

/** Statuses a Fetch Response may not carry a body with. */
const NULL_BODY_STATUSES = new Set([204, 205, 304]);

export function overrideStatusHeaders(settings: ResponseSettings, response: Response): Response {
  const status = decodeStatus(settings.status);
  const headers = decodeHeaders(settings.headers);
  if (status === null && headers.length === 0) return response;
  const merged = new Headers(response.headers);
  for (const [name] of headers) merged.delete(name);
  for (const [name, value] of headers) merged.append(name, value);
  const finalStatus = status ?? response.status;
  const body = NULL_BODY_STATUSES.has(finalStatus) ? null : response.body;
  return new Response(body, { status: finalStatus, headers: merged });
}

function decodeStatus(value: string | null): number | null {
  if (value === null) return null;
  const digits = /^\d+/.exec(value)?.[0];
  if (digits === undefined) throw restError(500, "PGRST112", "response.status guc must be a valid status code");
  const status = Number(digits);
  // PostgREST sends any number it reads; a Fetch Response carries 200 to 599 only.
  if (status < 200 || status > 599) throw notSupported(`response.status ${status} (outside 200 to 599)`);
  return status;
}

function decodeHeaders(value: string | null): [string, string][] {
  if (value === null) return [];
  const malformed = () =>
    restError(
      500,
      "PGRST111",
      "response.headers guc must be a JSON array composed of objects with a single key and a string value",
    );
  let parsed: unknown;
  try {
    parsed = JSON.parse(value);
  } catch {
    throw malformed();
  }
  if (!Array.isArray(parsed)) throw malformed();
  return parsed.map((entry: unknown) => {
    const pairs = entry !== null && typeof entry === "object" && !Array.isArray(entry) ? Object.entries(entry) : [];
    const [pair] = pairs;
    if (pairs.length !== 1 || !pair || typeof pair[1] !== "string") throw malformed();
    return [pair[0], pair[1]];
  });
}
