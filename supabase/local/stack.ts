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
}

export async function createLocalStack(db: PGlite, settings: ProjectSettings, url: string): Promise<LocalStack> {
  const keys = await loadProjectKeys(db);
  const stack: LocalStack = {
    db,
    keys,
    settings,
    url,
    handle: (request) => route(stack, request),
    fetch: async (input, init) => stack.handle(new Request(input, init)),
  };
  return stack;
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
