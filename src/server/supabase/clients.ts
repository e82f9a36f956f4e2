import { PostgrestClient } from "@supabase/postgrest-js";
import { createClient } from "@supabase/supabase-js";
import { getServerEnv } from "../env";
import type { Database } from "./database.gen";
import { fetchWithTimeout } from "./timeout";

/** Where the server finds Supabase: from the environment, or the in-process stack in tests. */
export interface SupabaseProject {
  url: string;
  anonKey: string;
  serviceRoleKey: string;
  fetch?: typeof fetch;
  /** Per call to Supabase; SUPABASE_TIMEOUT_MS unless set. */
  timeoutMs?: number;
}

export function projectFromEnv(): SupabaseProject {
  const env = getServerEnv();
  return {
    url: env.SUPABASE_URL,
    anonKey: env.SUPABASE_ANON_KEY,
    serviceRoleKey: env.SUPABASE_SERVICE_ROLE_KEY,
    timeoutMs: env.SUPABASE_TIMEOUT_MS,
  };
}

// IMPORTANT: a server client must never keep or refresh a session of its own: one process
// serves many users, and the session lives in each request's cookies.
const serverAuth = { persistSession: false, autoRefreshToken: false, detectSessionInUrl: false };
// IMPORTANT: PostgREST reads are retried on network errors after 1, 2 and 4 s by default; an
// outage must answer 503 at once instead (the browser's query client retries on its own).
const serverDb = { retry: false };

const timedFetch = (project: SupabaseProject) => fetchWithTimeout(project.fetch, project.timeoutMs);

/** Acts as the caller (or anon): every query it makes runs under Row Level Security. */
export function createCallerClient(project: SupabaseProject, accessToken: string | null) {
  return createClient<Database>(project.url, project.anonKey, {
    auth: serverAuth,
    db: serverDb,
    global: {
      fetch: timedFetch(project),
      headers: accessToken ? { Authorization: `Bearer ${accessToken}` } : {},
    },
  });
}

/** Bypasses Row Level Security: only for named server tasks (rate limits, admin work). */
export function createServiceRoleClient(project: SupabaseProject) {
  return createClient<Database>(project.url, project.serviceRoleKey, {
    auth: serverAuth,
    db: serverDb,
    global: { fetch: timedFetch(project) },
  });
}

export type TypedSupabaseClient = ReturnType<typeof createCallerClient>;

interface SharedClients {
  anon: TypedSupabaseClient;
  serviceRole: TypedSupabaseClient;
  /** Where the caller's own PostgREST clients send their queries, and through what. */
  rest: { url: string; fetch: typeof fetch };
}

const sharedByFetch = new WeakMap<typeof fetch, Map<string, SharedClients>>();

/**
 * One anon and one service-role client per project, for every request: building a supabase-js
 * client costs about a millisecond of CPU, and the session check alone needed two per request.
 * IMPORTANT: only for calls that keep nothing in the client (`auth.getClaims(token)`, `rpc`,
 * `from`); `auth.refreshSession` stores the session it gets, so it needs a client of its own.
 */
export function sharedClients(project: SupabaseProject): SharedClients {
  const transport = project.fetch ?? fetch;
  const byProject = sharedByFetch.get(transport) ?? new Map<string, SharedClients>();
  sharedByFetch.set(transport, byProject);
  const key = [project.url, project.anonKey, project.serviceRoleKey, project.timeoutMs].join(" ");
  let clients = byProject.get(key);
  if (!clients) {
    clients = {
      anon: createCallerClient(project, null),
      serviceRole: createServiceRoleClient(project),
      // As supabase-js builds it: relative to the project URL, which may or may not end in "/".
      rest: { url: new URL("rest/v1", `${project.url.replace(/\/$/, "")}/`).href, fetch: timedFetch(project) },
    };
    byProject.set(key, clients);
  }
  return clients;
}

/** What a client keeps nothing of: PostgREST queries. `auth` does (signing in stores the session). */
const QUERY_METHODS = new Set<PropertyKey>(["from", "rpc", "schema"]);

/**
 * The caller's client. Its queries go through a PostgREST client of this request's own, with
 * the caller's token (or the anon key) as supabase-js would send it: building one costs a few
 * microseconds, where a supabase-js client (auth, REST and realtime sub-clients) costs a few
 * hundred, and supabase-js would also look up its own, always empty, session before every
 * query. Its `auth` calls get a supabase-js client of this request's own, built on first use.
 * Either way a query acts as the caller the request came with, never as a session an auth
 * call opened meanwhile.
 * IMPORTANT: a Proxy, not a getter: tRPC middlewares spread the context (`next({ ctx })`),
 * which would call a getter on every request.
 */
export function callerClient(project: SupabaseProject, accessToken: string | null): TypedSupabaseClient {
  let queries: PostgrestClient<Database> | undefined;
  let own: TypedSupabaseClient | undefined;
  const target = (property: PropertyKey): object => {
    if (!QUERY_METHODS.has(property)) {
      own ??= createCallerClient(project, accessToken);
      return own;
    }
    if (!queries) {
      const { rest } = sharedClients(project);
      queries = new PostgrestClient<Database>(rest.url, {
        headers: { apikey: project.anonKey, Authorization: `Bearer ${accessToken ?? project.anonKey}` },
        fetch: rest.fetch,
        retry: serverDb.retry,
      });
    }
    return queries;
  };
  return new Proxy({} as TypedSupabaseClient, {
    get(_, property) {
      const owner = target(property);
      const value = Reflect.get(owner, property, owner);
      return typeof value === "function" ? value.bind(owner) : value;
    },
  });
}
