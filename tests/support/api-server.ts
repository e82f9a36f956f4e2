import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { apiResolver } from "next/dist/server/api-utils/node/api-resolver.js";
import { vi } from "vitest";
import { serveHttp } from "../../supabase/local/http-server.ts";
import { createTestKit } from "./callers";
import { startTestStack } from "./local-stack";

/**
 * The real API route (`src/pages/api/trpc/[trpc].ts`) served over HTTP on 127.0.0.1 the way
 * `next start` runs it (Next's own API resolver: route config, cookies, query), configured
 * from the environment like production and backed by a local Supabase served over HTTP too.
 *
 *   const api = await startApiServer({ TRPC_MAX_BATCH_SIZE: "5" });
 *   await fetch(`${api.url}/api/trpc/health.check`);
 *   await api.stopSupabase(); // the database becomes unreachable (connection refused)
 */
/** For beforeAll: a fresh import of the route's whole module graph takes seconds on a busy machine. */
export const API_SERVER_STARTUP_MS = 30_000;

export async function startApiServer(env: Record<string, string> = {}) {
  const stack = await startTestStack();
  const supabase = await serveHttp(stack, 0);
  let supabaseRequests = 0;
  supabase.on("request", () => supabaseRequests++);
  const supabaseUrl = `http://127.0.0.1:${portOf(supabase)}`;
  const kit = await createTestKit(stack);

  vi.stubEnv("SUPABASE_URL", supabaseUrl);
  vi.stubEnv("SUPABASE_ANON_KEY", stack.keys.anonKey);
  vi.stubEnv("SUPABASE_SERVICE_ROLE_KEY", stack.keys.serviceRoleKey);
  for (const [name, value] of Object.entries({ LOG_LEVEL: "silent", ...env })) vi.stubEnv(name, value);
  // A fresh module graph: the route reads the environment once, on first use.
  vi.resetModules();
  const route = await import("~/pages/api/trpc/[trpc]");

  const preview = { previewModeId: "", previewModeEncryptionKey: "", previewModeSigningKey: "" };
  const api = createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://127.0.0.1");
    const trpc = decodeURIComponent(url.pathname.replace(/^\/api\/trpc\//, ""));
    const query = { ...Object.fromEntries(url.searchParams), trpc };
    void apiResolver(req, res, query, route, { ...preview, dev: false }, false, false, "/api/trpc/[trpc]");
  });
  await new Promise<void>((resolve) => api.listen(0, "127.0.0.1", resolve));

  return {
    url: `http://127.0.0.1:${portOf(api)}`,
    kit,
    supabasePort: portOf(supabase),
    /** Requests the API has made to Supabase so far (each one a database round trip or more). */
    supabaseRequests: () => supabaseRequests,
    stopSupabase: () => close(supabase),
    close: async () => {
      vi.unstubAllEnvs();
      // IMPORTANT: files in a worker share its modules (isolate: false); without this, the next
      // file would get this graph, built with LOG_LEVEL=silent and this stack's URL and keys.
      vi.resetModules();
      await Promise.all([close(api), supabase.listening ? close(supabase) : undefined]);
    },
  };
}

const portOf = (server: Server) => (server.address() as AddressInfo).port;

function close(server: Server) {
  server.closeAllConnections();
  return new Promise<void>((resolve) => server.close(() => resolve()));
}
