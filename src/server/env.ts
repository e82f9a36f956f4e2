import "#server-only";
import { z } from "zod";

/**
 * Server-only configuration, validated once at start-up.
 * IMPORTANT: the `#server-only` import makes `next build` fail if a page or component
 * imports this module, so secrets added here can never reach the browser bundle.
 * The browser needs no configuration of its own: it only calls `/api/trpc` on its own origin.
 */
const serverEnvSchema = z.object({
  NODE_ENV: z.enum(["development", "test", "production"]).default("development"),
});

function parseServerEnv(source: NodeJS.ProcessEnv) {
  const result = serverEnvSchema.safeParse(source);
  if (!result.success) {
    throw new Error(`Invalid environment variables:\n${z.prettifyError(result.error)}\nSee .env.example.`);
  }
  return result.data;
}

export const env = parseServerEnv(process.env);
