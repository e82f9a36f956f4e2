/**
 * Stands in for PostgREST's error responses (src/PostgREST/Error.hs): the `{code, message,
 * details, hint}` body, the SQLSTATE -> HTTP status table and the PGRST codes this subset can
 * raise, `PTxxx` custom statuses (`raise ... using errcode = 'PT402'` answers 402) and
 * `RAISE SQLSTATE 'PGRST'` full response control. The fuzzy "Perhaps you meant ..." hints of
 * PGRST200, PGRST202 and PGRST205 come from hints.ts.
 */

export interface PostgrestErrorBody {
  code: string;
  message: string;
  details: string | unknown[] | null;
  hint: string | null;
}

/** What Supabase's API gateway answers itself, before a request reaches PostgREST. */
export interface GatewayErrorBody {
  message: string;
  hint: string;
}

/** An error answered as PostgREST would; thrown anywhere in the REST handler. */
export class RestError extends Error {
  readonly status: number;
  readonly body: PostgrestErrorBody | GatewayErrorBody;
  readonly headers: Record<string, string>;

  constructor(status: number, body: PostgrestErrorBody | GatewayErrorBody, headers: Record<string, string> = {}) {
    super(body.message);
    this.status = status;
    this.body = body;
    this.headers = headers;
  }
}

export function restError(
  status: number,
  code: string,
  message: string,
  details: PostgrestErrorBody["details"] = null,
  hint: string | null = null,
): RestError {
  return new RestError(status, { code, message, details, hint });
}

/** Anything PostgREST supports that this local stack does not: refused, never approximated. */
export function notSupported(feature: string): RestError {
  return restError(
    400,
    "PGRST127",
    `${feature} is not supported by the local Supabase stack`,
    "The local stack implements a subset of PostgREST and refuses what it cannot answer faithfully.",
    "Rewrite the request, or run it against a hosted Supabase project.",
  );
}

export function queryParamError(message: string, details: string): RestError {
  return restError(400, "PGRST100", message, details);
}

export function jwtError(code: "PGRST301" | "PGRST303", message: string): RestError {
  return new RestError(
    401,
    { code, message, details: null, hint: null },
    { "WWW-Authenticate": `Bearer error="invalid_token", error_description="${message}"` },
  );
}

/** The fields PGlite's DatabaseError carries (the wire protocol's ErrorResponse). */
export interface DatabaseErrorLike {
  code: string;
  message: string;
  detail?: string;
  hint?: string;
}

export function isDatabaseError(error: unknown): error is DatabaseErrorLike {
  return (
    error instanceof Error && typeof (error as { code?: unknown }).code === "string" && "severity" in (error as object)
  );
}

/** PostgREST's mapSQLtoHTTP; `authenticated` is false when the request ran as the anon role. */
export function statusForSqlState(code: string, message: string, authenticated: boolean): number {
  const exact: Record<string, number> = {
    "23503": 409,
    "23505": 409,
    "25006": 405,
    "53400": 500,
    "57P01": 503,
    P0001: 400,
    "42P01": 404,
    "42P17": 500,
  };
  if (code in exact) return exact[code] as number;
  // A `PT` code is its status when the rest reads as a number, else 500 (RpcSpec: PT40A).
  if (code.startsWith("PT")) return /^PT\d{3}$/.test(code) ? Number(code.slice(2)) : 500;
  if (code === "21000") return message.endsWith("requires a WHERE clause") ? 400 : 500;
  if (code === "22023") return message.startsWith("role") && message.endsWith("does not exist") ? 401 : 400;
  if (code === "42883") return message.startsWith("function xmlagg(") ? 406 : 404;
  if (code === "42501") return authenticated ? 403 : 401;
  const prefixes: Array<[string, number]> = [
    ["08", 503],
    ["09", 500],
    ["0L", 403],
    ["0P", 403],
    ["25", 500],
    ["28", 403],
    ["2D", 500],
    ["38", 500],
    ["39", 500],
    ["3B", 500],
    ["40", 500],
    ["53", 503],
    ["54", 500],
    ["55", 500],
    ["57", 500],
    ["58", 500],
    ["F0", 500],
    ["HV", 500],
    ["P0", 500],
    ["XX", 500],
  ];
  for (const [prefix, status] of prefixes) if (code.startsWith(prefix)) return status;
  return 400;
}

export function fromDatabaseError(error: DatabaseErrorLike, authenticated: boolean): RestError {
  if (error.code === "PGRST") return raisedResponse(error);
  let status = statusForSqlState(error.code, error.message, authenticated);
  // supabase-js retries 503 and 520; an in-process database has no connection to retry.
  if (status === 503) status = 500;
  return new RestError(
    status,
    { code: error.code, message: error.message, details: error.detail ?? null, hint: error.hint ?? null },
    status === 401 ? { "WWW-Authenticate": "Bearer" } : {},
  );
}

/**
 * `raise sqlstate 'PGRST' using message = '{"code": …, "message": …}', detail = '{"status": …,
 * "headers": {…}}'`: the function writes the whole error response itself. A MESSAGE or DETAIL
 * that is not that JSON is PostgREST's PGRST121, naming which.
 */
function raisedResponse({ message, detail }: DatabaseErrorLike): RestError {
  const body = parseObject(message);
  if (
    !body ||
    !isText(body.code) ||
    !isText(body.message) ||
    !isOptionalText(body.details) ||
    !isOptionalText(body.hint)
  )
    return raiseParseError(`Invalid JSON value for MESSAGE: '${message}'`, MESSAGE_HINT);
  if (detail === undefined) return raiseParseError("DETAIL is missing in the RAISE statement", DETAIL_HINT);
  const response = parseObject(detail);
  const headers = response?.headers;
  const validHeaders =
    typeof headers === "object" && headers !== null && !Array.isArray(headers) && Object.values(headers).every(isText);
  if (!response || !Number.isInteger(response.status) || !validHeaders || !isOptionalText(response.status_text))
    return raiseParseError(`Invalid JSON value for DETAIL: '${detail}'`, DETAIL_HINT);
  return new RestError(
    response.status as number,
    { code: body.code, message: body.message, details: body.details ?? null, hint: body.hint ?? null },
    headers as Record<string, string>,
  );
}

const MESSAGE_HINT =
  "MESSAGE must be a JSON object with obligatory keys: 'code', 'message' and optional keys: 'details', 'hint'.";
const DETAIL_HINT =
  "DETAIL must be a JSON object with obligatory keys: 'status', 'headers' and optional key: 'status_text'.";

const raiseParseError = (details: string, hint: string) =>
  restError(500, "PGRST121", `Could not parse JSON in the "RAISE SQLSTATE 'PGRST'" error`, details, hint);

function parseObject(text: string): Record<string, unknown> | null {
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === "object" && value !== null && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : null;
  } catch {
    return null;
  }
}

const isText = (value: unknown): value is string => typeof value === "string";
const isOptionalText = (value: unknown) => value === undefined || value === null || isText(value);

export function errorResponse(error: RestError): Response {
  const headers: Record<string, string> = { "Content-Type": "application/json; charset=utf-8", ...error.headers };
  if ("code" in error.body) headers["Proxy-Status"] = `PostgREST; error=${error.body.code}`;
  return new Response(JSON.stringify(error.body), { status: error.status, headers });
}
