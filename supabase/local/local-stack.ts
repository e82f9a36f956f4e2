/**
 * What one running local Supabase project offers the code that answers its API (rest/, auth/,
 * the HTTP and Postgres servers). stack.ts builds it; this file only names it, so those
 * folders depend on the shape and stack.ts on them, without an import circle.
 */
import type { PGlite } from "@electric-sql/pglite";
import type { ProjectKeys } from "./keys.ts";
import type { ProjectSettings } from "./settings.ts";

/**
 * What the API handlers read of a request. A `Request` is one; the in-process `fetch` builds
 * a lighter one, since constructing a `Request` is a measurable part of a point select.
 */
export type ApiRequest = Pick<Request, "url" | "method" | "headers" | "arrayBuffer">;

export interface LocalStack {
  readonly db: PGlite;
  readonly keys: ProjectKeys;
  readonly settings: ProjectSettings;
  /** The URL clients are given, e.g. http://127.0.0.1:54321. */
  readonly url: string;
  /** bcrypt cost of new password hashes (auth/passwords.ts). */
  readonly passwordHashCost: number;
  /** Answers one API request in-process, exactly as the HTTP server would. */
  handle(request: ApiRequest): Promise<Response>;
  /** A `fetch` for supabase-js (`global: { fetch }`) that calls `handle` without a socket. */
  fetch: typeof fetch;
  /** Waits for the database to be free of other callers' requests and transactions. */
  takeTurn(): Promise<() => void>;
  /**
   * Runs work that needs no database (bcrypt) with the request's turn given up meanwhile,
   * so other requests are answered during it. Outside a request it just runs the work.
   * IMPORTANT: never call it inside a transaction; another request would run inside it.
   */
  offDatabase<T>(work: () => Promise<T>): Promise<T>;
}
