/**
 * One local Supabase project: its database, keys and settings, and the HTTP handler that
 * routes /rest/v1 and /auth/v1 the way Supabase's API gateway does.
 */
import { AsyncLocalStorage } from "node:async_hooks";
import type { PGlite } from "@electric-sql/pglite";
import { handleAuth } from "./auth/handler.ts";
import { hasConfiguredKeys, loadConfiguredKeys } from "./configured-keys.ts";
import { loadProjectKeys } from "./keys.ts";
import type { LocalStack } from "./local-stack.ts";
import { handleRest } from "./rest/handler.ts";
import type { ProjectSettings } from "./settings.ts";

export type { LocalStack } from "./local-stack.ts";

export async function createLocalStack(db: PGlite, settings: ProjectSettings, url: string): Promise<LocalStack> {
  const keys = hasConfiguredKeys(settings.auth) ? await loadConfiguredKeys(settings.auth) : await loadProjectKeys(db);
  const takeTurn = createTurns();
  // The turn the current request holds, so offDatabase can give it up and take it back.
  const requestTurn = new AsyncLocalStorage<{ done: () => void }>();
  const stack: LocalStack = {
    db,
    keys,
    settings,
    url,
    takeTurn,
    async handle(request) {
      const turn = { done: await takeTurn() };
      try {
        return await requestTurn.run(turn, () => route(stack, request));
      } finally {
        turn.done();
      }
    },
    fetch: async (input, init) => stack.handle(new Request(input, init)),
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
