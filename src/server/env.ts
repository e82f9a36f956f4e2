import "#server-only";
import { z } from "zod";

/**
 * Server-only configuration, validated on first use (and at server start by
 * src/instrumentation.ts), not at import: `next build` loads these modules without it.
 * IMPORTANT: the `#server-only` import makes `next build` fail if a page or component
 * imports this module, so secrets added here can never reach the browser bundle.
 * The browser needs no configuration of its own: it only calls `/api/trpc` on its own origin.
 */
const serverEnvSchema = z.object({
  NODE_ENV: z.enum(["development", "test", "production"]).default("development"),
  SUPABASE_URL: z.url({ protocol: /^https?$/ }),
  SUPABASE_ANON_KEY: z.string().min(1),
  SUPABASE_SERVICE_ROLE_KEY: z.string().min(1),
  /** "true" only behind a proxy that overwrites X-Forwarded-For (rate limits key on the client IP). */
  TRUST_PROXY: z
    .enum(["true", "false"])
    .default("false")
    .transform((value) => value === "true"),
});

export type ServerEnv = z.infer<typeof serverEnvSchema>;

let validated: ServerEnv | undefined;

export function getServerEnv(): ServerEnv {
  validated ??= parseServerEnv(process.env);
  return validated;
}

function parseServerEnv(source: NodeJS.ProcessEnv) {
  const result = serverEnvSchema.safeParse(source);
  if (!result.success) {
    throw new Error(`Invalid environment variables:\n${z.prettifyError(result.error)}\nSee .env.example.`);
  }
  return result.data;
}
