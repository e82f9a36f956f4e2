/**
 * One local Supabase project: its database, keys and settings, and the HTTP handler that
 * routes /rest/v1 and /auth/v1 the way Supabase's API gateway does.
 */
import type { PGlite } from "@electric-sql/pglite";
import { handleAuth } from "./auth/handler.ts";
import { loadProjectKeys, type ProjectKeys } from "./keys.ts";
import { handleRest } from "./rest/handler.ts";
import type { ProjectSettings } from "./settings.ts";

export interface LocalStack {
  readonly db: PGlite;
  readonly keys: ProjectKeys;
  readonly settings: ProjectSettings;
  /** The URL clients are given, e.g. http://127.0.0.1:54321. */
  readonly url: string;
  /** Answers one API request in-process, exactly as the HTTP server would. */
  handle(request: Request): Promise<Response>;
  /** A `fetch` for supabase-js (`global: { fetch }`) that calls `handle` without a socket. */
  fetch: typeof fetch;
  /** Waits for the database to be free of other callers' requests and transactions. */
  takeTurn(): Promise<() => void>;
}

export async function createLocalStack(db: PGlite, settings: ProjectSettings, url: string): Promise<LocalStack> {
  const keys = await loadProjectKeys(db);
  const takeTurn = createTurns();
  const stack: LocalStack = {
    db,
    keys,
    settings,
    url,
    takeTurn,
    async handle(request) {
      const done = await takeTurn();
      try {
        return await route(stack, request);
      } finally {
        done();
      }
    },
    fetch: async (input, init) => stack.handle(new Request(input, init)),
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

async function route(stack: LocalStack, request: Request): Promise<Response> {
  const { pathname } = new URL(request.url);
  // The JWKS is public on hosted Supabase too: anyone may verify tokens.
  if (pathname === "/auth/v1/.well-known/jwks.json") return Response.json(stack.keys.jwks);
  // What Supabase's gateway answers before a request reaches PostgREST or GoTrue.
  const apiKey = request.headers.get("apikey") ?? new URL(request.url).searchParams.get("apikey");
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
  return Response.json({ message: "no Route matched with those values" }, { status: 404 });
}
