/**
 * Stands in for PostgREST itself (src/PostgREST/App.hs) behind Supabase's gateway at
 * /rest/v1: authenticates the request, picks the exposed schema (`Accept-Profile` /
 * `Content-Profile`), and runs it in one transaction that first switches to the JWT's role and
 * publishes `request.jwt.claims`, `request.method`, `request.path` and `request.headers`, so
 * Row Level Security applies exactly as on hosted Supabase. GET and HEAD run read-only.
 * Not supported: the OpenAPI root (`GET /rest/v1/`).
 */
import type { PGlite } from "@electric-sql/pglite";
import type { ApiRequest, LocalStack } from "../local-stack.ts";
import { errorResponse, fromDatabaseError, isDatabaseError, notSupported, RestError, restError } from "./errors.ts";
import { type Negotiated, type NegotiationTarget, negotiate } from "./media.ts";
import { allowResponse, ROOT_ALLOW } from "./options.ts";
import { queryParameters } from "./query-string.ts";
import { type Auth, authenticate, type Preferences, parsePreferences } from "./request.ts";
import { overrideStatusHeaders, type ResponseSettings } from "./response-settings.ts";
import { handleRpc } from "./rpc.ts";
import { getSchemaCache, type IsolationLevel, refreshRoles, type SchemaCache, timezoneNames } from "./schema-cache.ts";
import { ident, type ResultRow } from "./sql.ts";
import { handleTable } from "./table.ts";
import { runInTransaction, type Statement } from "./transaction.ts";

/** Everything a route needs to answer one request, but the media type it answers in. */
export interface RequestContext {
  request: ApiRequest;
  url: URL;
  /** The query string's parameters as PostgREST splits them (query-string.ts). */
  query: URLSearchParams;
  method: string;
  stack: LocalStack;
  auth: Auth;
  schema: string;
  /** Set when the client chose the schema with a profile header; echoed back as `Content-Profile`. */
  profileHeader: string | null;
  cache: SchemaCache;
  prefs: Preferences;
  /** GET and HEAD, and (rpc.ts) a POST to a STABLE or IMMUTABLE function: PostgREST's access mode. */
  readOnly: boolean;
  /** The role's `default_transaction_isolation`, or (rpc.ts) the called function's own. */
  isolation: IsolationLevel | null;
  /** (rpc.ts) The called function's own settings that PostgREST sets for the whole transaction. */
  functionSettings: readonly (readonly [string, string])[];
  /** What the statement left in `response.headers` and `response.status`; one object, shared by copies of the context. */
  responseSettings: ResponseSettings;
}

/** A request whose route has planned it, so knows the media type it answers in. */
export interface RestContext extends RequestContext {
  accept: Negotiated;
}

const PREFIX = "/rest/v1/";

/**
 * PostgREST's own CORS (Cors.hs, no `server-cors-allowed-origins`): to a request with an Origin
 * it exposes these headers, so a browser's supabase-js can read Content-Range for counts. The
 * gateway answers preflights (../cors.ts).
 */
const EXPOSED_HEADERS =
  "Content-Encoding, Content-Location, Content-Range, Content-Type, Date, Location, Server, Transfer-Encoding, Range-Unit";

export async function handleRest(request: ApiRequest, stack: LocalStack): Promise<Response> {
  const response = await answer(request, stack);
  if (request.headers.has("origin")) {
    response.headers.set("Access-Control-Allow-Origin", "*");
    response.headers.set("Access-Control-Expose-Headers", EXPOSED_HEADERS);
  }
  return response;
}

async function answer(request: ApiRequest, stack: LocalStack): Promise<Response> {
  let authenticated = false;
  try {
    const cache = await getSchemaCache(stack.db, {
      schemas: stack.settings.api.schemas,
      extraSearchPath: stack.settings.api.extra_search_path,
    });
    const auth = await authenticate(request, stack, cache.config);
    authenticated = auth.role !== cache.config.anonRole;
    const url = new URL(request.url);
    const method = request.method.toUpperCase();
    const target = decodePath(url.pathname.slice(PREFIX.length));
    if (target === "" && method === "OPTIONS") return allowResponse(ROOT_ALLOW);
    if (target === "") throw notSupported("The OpenAPI description at /rest/v1/");
    if (!["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"].includes(method)) {
      throw restError(405, "PGRST117", `Unsupported HTTP method: ${method}`);
    }
    const ctx = await context(request, url, method, stack, auth, cache);
    const rpc = target.match(/^rpc\/([^/]+)$/);
    if (!rpc && target.includes("/")) throw restError(404, "PGRST125", "Invalid path specified in request URL");
    const response = rpc ? await handleRpc(ctx, rpc[1] ?? "") : await handleTable(ctx, target);
    return overrideStatusHeaders(ctx.responseSettings, response);
  } catch (error) {
    if (error instanceof RestError) return errorResponse(error);
    if (isDatabaseError(error)) return errorResponse(fromDatabaseError(error, authenticated));
    // A bug here must not look like a network failure to supabase-js (which would retry it).
    const message = error instanceof Error ? error.message : String(error);
    return errorResponse(restError(500, "PGRSTX00", message));
  }
}

async function context(
  request: ApiRequest,
  url: URL,
  method: string,
  stack: LocalStack,
  auth: Auth,
  cache: SchemaCache,
): Promise<RequestContext> {
  const exposed = cache.config.schemas;
  const readsOnly = method === "GET" || method === "HEAD";
  const profileHeader = request.headers.get(readsOnly ? "accept-profile" : "content-profile");
  const schema = profileHeader ?? exposed[0] ?? "public";
  if (!exposed.includes(schema)) {
    throw restError(
      406,
      "PGRST106",
      `Invalid schema: ${schema}`,
      null,
      `Only the following schemas are exposed: ${exposed.join(", ")}`,
    );
  }
  await checkRole(stack.db, cache, auth.role);
  const prefer = request.headers.get("prefer");
  return {
    request,
    url,
    query: queryParameters(url),
    method,
    stack,
    auth,
    schema,
    profileHeader,
    cache,
    prefs: parsePreferences(
      prefer,
      cache.config.txOverride,
      prefer?.includes("timezone=") ? await timezoneNames(stack.db) : undefined,
    ),
    readOnly: readsOnly,
    isolation: cache.config.roleSettings.get(auth.role)?.isolation ?? null,
    functionSettings: [],
    responseSettings: { headers: null, status: null },
  };
}

/**
 * The media type to answer in (media.ts). Routes call it as PostgREST's planner does, once the
 * table or function is found and the select planned, so their errors come before a 406.
 */
export function negotiated(ctx: RequestContext, target: NegotiationTarget): RestContext {
  const { config, mediaHandlers } = ctx.cache;
  const media = negotiate(ctx.request.headers.get("accept"), config.planEnabled, mediaHandlers, target);
  return { ...ctx, accept: { ...media, headersOnly: ctx.method === "HEAD" } };
}

/**
 * PostgREST logs in as `authenticator` and can only become roles granted to it. PGlite runs
 * as a superuser, so that limit is checked here, with the errors Postgres would raise.
 */
async function checkRole(db: PGlite, cache: SchemaCache, role: string) {
  if (!cache.roles.has(role)) await refreshRoles(db, cache);
  const grantable = cache.roles.get(role);
  const authenticated = role !== cache.config.anonRole;
  if (grantable === undefined) {
    throw fromDatabaseError({ code: "22023", message: `role "${role}" does not exist` }, authenticated);
  }
  if (!grantable) {
    throw fromDatabaseError({ code: "42501", message: `permission denied to set role "${role}"` }, authenticated);
  }
}

/**
 * Runs one statement in the request's transaction and returns its one row; `check` may throw
 * to roll it back (as PostgREST does when a mutation's result cannot be coerced to a single object).
 */
export async function execute(
  ctx: RequestContext,
  statement: Statement,
  check?: (row: ResultRow) => void,
): Promise<ResultRow> {
  const [row] = await executeRows(ctx, statement, check);
  // The statements sql.ts builds answer in one row of this shape.
  const result = row as unknown as ResultRow;
  ctx.responseSettings.headers = result.response_headers;
  ctx.responseSettings.status = result.response_status;
  return result;
}

/** Every row of a statement run in the request's transaction, for EXPLAIN's rows. */
export function executeRows(ctx: RequestContext, statement: Statement, check?: (row: ResultRow) => void) {
  const headers = Object.fromEntries(ctx.request.headers);
  // PostgREST publishes the cookies apart, parsed, and leaves them out of the headers.
  const cookies = parseCookies(headers.cookie ?? "");
  delete headers.cookie;
  const settings = {
    searchPath: [ctx.schema, ...ctx.cache.config.extraSearchPath].map(ident).join(", "),
    roleSettings: ctx.cache.config.roleSettings.get(ctx.auth.role)?.settings ?? [],
    role: ctx.auth.role,
    claims: JSON.stringify(ctx.auth.claims),
    method: ctx.method,
    path: ctx.url.pathname.slice(PREFIX.length - 1),
    headers: JSON.stringify(headers),
    cookies: JSON.stringify(cookies),
    readOnly: ctx.readOnly,
    isolation: ctx.isolation,
    rollback: (ctx.prefs.transaction ?? ctx.cache.config.txEnd) === "rollback",
    timezone: ctx.prefs.timezone,
    functionSettings: ctx.functionSettings,
    preRequest: ctx.cache.config.preRequest,
  };
  return runInTransaction(ctx.stack.db, settings, statement, check);
}

/**
 * The cookie package's `parseCookies`, as PostgREST reads the Cookie header: pairs split at
 * `;` then at the first `=`, leading spaces dropped from the name, nothing unquoted; a later
 * name wins.
 */
function parseCookies(header: string): Record<string, string> {
  const cookies: Record<string, string> = {};
  if (header === "") return cookies;
  for (const pair of header.split(";")) {
    const equals = pair.indexOf("=");
    const name = (equals === -1 ? pair : pair.slice(0, equals)).replace(/^ +/, "");
    cookies[name] = equals === -1 ? "" : pair.slice(equals + 1);
  }
  return cookies;
}

export function singularityError(rows: number): RestError {
  return restError(
    406,
    "PGRST116",
    "Cannot coerce the result to a single JSON object",
    `The result contains ${rows} rows`,
  );
}

export function contentHeaders(ctx: RestContext): Record<string, string> {
  const headers: Record<string, string> = { "Content-Type": ctx.accept.contentType };
  if (ctx.profileHeader) headers["Content-Profile"] = ctx.schema;
  return headers;
}

/** The body a read answers: none for HEAD; a custom handler's bytes travel as base64 (sql.ts). */
export function responseBody(ctx: RestContext, row: ResultRow): string | Uint8Array<ArrayBuffer> | null {
  if (ctx.method === "HEAD") return null;
  if (ctx.accept.media !== "custom") return row.body;
  return new Uint8Array(Buffer.from(row.body ?? "", "base64"));
}

export function contentRange(lower: number, upper: number, total: number | null): string {
  const range = total !== 0 && lower <= upper ? `${lower}-${upper}` : "*";
  return `${range}/${total ?? "*"}`;
}

/** PostgREST's rangeStatusHeader: 206 for a partial page of a counted result, 416 past its end. */
export function rangeStatus(offset: number, pageTotal: number, total: number | null): number {
  if (total === null) return 200;
  if (offset > total) {
    throw new RestError(
      416,
      {
        code: "PGRST103",
        message: "Requested range not satisfiable",
        details: `An offset of ${offset} was requested, but there are only ${total} rows.`,
        hint: null,
      },
      { "Content-Range": `*/${total}` },
    );
  }
  return pageTotal < total ? 206 : 200;
}

/** A malformed escape such as `%E0` names no table: the caller's mistake, not a 500. */
function decodePath(path: string) {
  try {
    return decodeURIComponent(path);
  } catch {
    throw restError(400, "PGRST100", `failed to parse path (${path})`);
  }
}
