/**
 * One local Supabase project: its database, keys and settings, and the HTTP handler that
 * routes /rest/v1 and /auth/v1 the way Supabase's API gateway does.
 */
import { AsyncLocalStorage } from "node:async_hooks";
import type { PGlite } from "@electric-sql/pglite";
import { handleAuth } from "./auth/handler.ts";
import { GOTRUE_HASH_COST } from "./auth/passwords.ts";
import { hasConfiguredKeys, loadConfiguredKeys } from "./configured-keys.ts";
import { allowAnyOrigin, hasCors, preflightAnswer } from "./cors.ts";
import { loadProjectKeys } from "./keys.ts";
import type { ApiRequest, LocalStack } from "./local-stack.ts";
import { handleRest } from "./rest/handler.ts";
import type { ProjectSettings } from "./settings.ts";

export type { LocalStack } from "./local-stack.ts";

export interface StackOptions {
  /** bcrypt cost of new password hashes; GoTrue's 10 unless a test stack asks for less. */
  passwordHashCost?: number;
}

export async function createLocalStack(
  db: PGlite,
  settings: ProjectSettings,
  url: string,
  { passwordHashCost = GOTRUE_HASH_COST }: StackOptions = {},
): Promise<LocalStack> {
  const keys = hasConfiguredKeys(settings.auth) ? await loadConfiguredKeys(settings.auth) : await loadProjectKeys(db);
  const takeTurn = createTurns();
  // The turn the current request holds, so offDatabase can give it up and take it back.
  const requestTurn = new AsyncLocalStorage<{ done: () => void }>();
  const stack: LocalStack = {
    db,
    keys,
    settings,
    url,
    passwordHashCost,
    takeTurn,
    async handle(request) {
      const cors = hasCors(request);
      const preflight = cors ? preflightAnswer(request) : null;
      if (preflight) return preflight;
      const turn = { done: await takeTurn() };
      try {
        const response = await requestTurn.run(turn, () => route(stack, request));
        return cors ? allowAnyOrigin(response) : response;
      } finally {
        turn.done();
      }
    },
    fetch: async (input, init) => {
      const signal = init?.signal ?? (input instanceof Request ? input.signal : null);
      // As fetch does: an aborted signal sends nothing.
      signal?.throwIfAborted();
      return abortable(stack.handle(inProcessRequest(input, init)), signal);
    },
    async offDatabase(work) {
      const turn = requestTurn.getStore();
      if (!turn) return work();
      turn.done();
      try {
        return await work();
      } finally {
        turn.done = await takeTurn();
      }
    },
  };
  return stack;
}

/**
 * IMPORTANT: PGlite is one Postgres connection. Its own locks keep single statements apart,
 * not transactions, so without turns a psql statement could run inside an API request's
 * transaction (as `anon`, read-only) or an API request inside psql's open BEGIN.
 * API requests and each Postgres client transaction (postgres-server.ts) take turns.
 */
function createTurns() {
  let last = Promise.resolve();
  return (): Promise<() => void> => {
    let done = () => {};
    const turn = new Promise<void>((resolve) => {
      done = resolve;
    });
    const ready = last.then(() => done);
    last = last.then(() => turn);
    return ready;
  };
}

/**
 * As fetch does, an abort rejects the call at once with the signal's reason (a timeout of
 * supabase-js or of fetchWithTimeout relies on it). The request itself runs on to its end, as
 * one a server has already received does.
 */
function abortable(response: Promise<Response>, signal: AbortSignal | null): Promise<Response> {
  if (!signal) return response;
  return new Promise((resolve, reject) => {
    const abort = () => reject(signal.reason);
    signal.addEventListener("abort", abort, { once: true });
    response.then(resolve, reject).finally(() => signal.removeEventListener("abort", abort));
  });
}

/**
 * What `new Request(input, init)` would hold, without building one when the body is absent or
 * a string (all supabase-js sends); any other body or input still goes through `Request`.
 */
function inProcessRequest(input: string | URL | Request, init: RequestInit = {}): ApiRequest {
  const body = init.body ?? null;
  if (input instanceof Request || (body !== null && typeof body !== "string")) return new Request(input, init);
  const headers = new Headers(init.headers);
  // IMPORTANT: as Request does, a string body without a Content-Type is text/plain.
  if (body !== null && !headers.has("content-type")) headers.set("content-type", "text/plain;charset=UTF-8");
  const method = (init.method ?? "GET").toUpperCase();
  if (body !== null && (method === "GET" || method === "HEAD"))
    throw new TypeError(`${method} request cannot have a body`);
  const bytes = new TextEncoder().encode(body ?? "");
  return {
    url: new URL(input).href,
    method,
    headers,
    arrayBuffer: async () => bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength),
  };
}

async function route(stack: LocalStack, request: ApiRequest): Promise<Response> {
  const url = new URL(request.url);
  const { pathname } = url;
  // The JWKS is public on hosted Supabase too: anyone may verify tokens.
  if (pathname === "/auth/v1/.well-known/jwks.json") return Response.json(stack.keys.jwks);
  // What Supabase's gateway answers before a request reaches PostgREST or GoTrue.
  const apiKey = request.headers.get("apikey") ?? url.searchParams.get("apikey");
  if (!apiKey) {
    return Response.json(
      { message: "No API key found in request", hint: "No `apikey` request header or url param was found." },
      { status: 401 },
    );
  }
  if (apiKey !== stack.keys.anonKey && apiKey !== stack.keys.serviceRoleKey) {
    return Response.json(
      { message: "Invalid API key", hint: "Double check your Supabase `anon` or `service_role` API key." },
      { status: 401 },
    );
  }
  if (pathname.startsWith("/auth/v1/")) return handleAuth(request, stack);
  if (pathname.startsWith("/rest/v1/")) return handleRest(request, stack);
  const service = OTHER_SERVICES.find(({ prefix }) => pathname.startsWith(prefix));
  if (service) {
    // Storage's error shape, which storage-js reads; functions-js and others read the status.
    const message = `${service.name} (${service.prefix}) is not supported by the local Supabase stack`;
    return Response.json({ statusCode: "501", error: "Not Implemented", message }, { status: 501 });
  }
  return Response.json({ message: "no Route matched with those values" }, { status: 404 });
}

/**
 * The other services behind a Supabase project's gateway. The local stack runs none of them,
 * and says so, rather than answer the gateway's "no Route matched" as if the path were wrong.
 */
const OTHER_SERVICES = [
  { prefix: "/storage/v1/", name: "Supabase Storage" },
  { prefix: "/realtime/v1/", name: "Supabase Realtime" },
  { prefix: "/functions/v1/", name: "Edge Functions" },
  { prefix: "/graphql/v1", name: "GraphQL (pg_graphql)" },
  { prefix: "/pg/", name: "postgres-meta" },
];
