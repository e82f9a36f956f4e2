import "#server-only";
import { z } from "zod";
import { DEFAULT_LIVE_SETTINGS } from "./live/settings";
import { SUPABASE_TIMEOUT_MS } from "./supabase/timeout";

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
  /** How long one call to Supabase may take before the request answers 503 (milliseconds). */
  SUPABASE_TIMEOUT_MS: z.coerce.number().int().min(100).default(SUPABASE_TIMEOUT_MS),
  /** The least severe log lines written (src/server/log.ts reads it first, before this check). */
  LOG_LEVEL: z.enum(["trace", "debug", "info", "warn", "error", "fatal", "silent"]).default("info"),
  /** Most calls one batched request may carry; more is refused before any procedure runs. */
  TRPC_MAX_BATCH_SIZE: z.coerce.number().int().min(1).default(20),
  /** Most live-update streams (SSE) one user, or one network when signed out, may hold open per process. */
  LIVE_MAX_SUBSCRIPTIONS_PER_USER: z.coerce.number().int().min(1).default(DEFAULT_LIVE_SETTINGS.maxStreamsPerUser),
  /** How often each process reads the change log while anyone listens (milliseconds). */
  LIVE_POLL_MS: z.coerce.number().int().min(50).default(DEFAULT_LIVE_SETTINGS.pollMs),
  /** Other origins (exact, comma-separated) whose pages may call the API; its own origin always may. */
  ALLOWED_ORIGINS: z
    .string()
    .default("")
    .transform((list) =>
      list
        .split(",")
        .map((origin) => origin.trim())
        .filter(Boolean),
    )
    .pipe(
      z.array(z.url({ protocol: /^https?$/ }).refine((origin) => new URL(origin).origin === origin, "not an origin")),
    ),
  /** The assistant's Chat Completions API key; unset, the assistant says it is not configured. */
  OPENAI_API_KEY: z
    .string()
    .optional()
    .transform((key) => key?.trim() || null),
  /** Any OpenAI-compatible server (Ollama, LM Studio, vLLM); the SDK's default is OpenAI's. */
  OPENAI_BASE_URL: z.url({ protocol: /^https?$/ }).default("https://api.openai.com/v1"),
  OPENAI_MODEL: z.string().min(1).default("gpt-4o-mini"),
  /** How long the assistant waits for the first token, then for the whole answer (milliseconds). */
  ASSISTANT_FIRST_TOKEN_TIMEOUT_MS: z.coerce.number().int().min(100).default(20_000),
  ASSISTANT_TOTAL_TIMEOUT_MS: z.coerce.number().int().min(100).default(120_000),
  /** Each user's daily budget (UTC days): answers asked for, and tokens they used. */
  ASSISTANT_DAILY_REQUESTS: z.coerce.number().int().min(0).default(50),
  ASSISTANT_DAILY_TOKENS: z.coerce.number().int().min(0).default(100_000),
  /** The longest answer one question may get (tokens), which bounds what one request costs. */
  ASSISTANT_MAX_ANSWER_TOKENS: z.coerce.number().int().min(1).default(1_024),
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
