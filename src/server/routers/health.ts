import packageJson from "../../../package.json" with { type: "json" };
import { withTimeout } from "../supabase/timeout";
import { createTRPCRouter, publicProcedure } from "../trpc";

/** A readiness probe must answer quickly even when the database hangs. */
const DATABASE_PROBE_TIMEOUT_MS = 1_000;

export const healthRouter = createTRPCRouter({
  // "degraded" also answers HTTP 503 (src/server/http/response-meta.ts), for load balancers.
  check: publicProcedure.query(async ({ ctx }) => {
    // One round trip through PostgREST to Postgres: a row of a table anon may read.
    const { error } = await withTimeout(DATABASE_PROBE_TIMEOUT_MS, (signal) =>
      ctx.supabase.from("profiles").select("id").limit(1).abortSignal(signal),
    );
    const database = error ? ("unreachable" as const) : ("ok" as const);
    return {
      status: database === "ok" ? ("ok" as const) : ("degraded" as const),
      database,
      version: packageJson.version,
      uptimeSeconds: Math.round(process.uptime()),
      time: new Date(),
    };
  }),
});
