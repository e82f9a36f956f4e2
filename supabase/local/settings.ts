/**
 * The project settings the local stack honours, read from supabase/config.toml so the local
 * stack and the Supabase CLI agree on ports and auth rules, and the keys it does not: those
 * that switch on something this stack lacks are named at start (unsupportedSettings).
 */
import { readFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parse } from "smol-toml";
import { z } from "zod";

const configSchema = z.object({
  api: z.object({
    port: z.number().int(),
    schemas: z.array(z.string()).min(1),
    /** PostgREST's `db-extra-search-path`; the CLI's default when unset. */
    extra_search_path: z.array(z.string()).default(["public", "extensions"]),
    max_rows: z.number().int().positive(),
  }),
  db: z.object({ port: z.number().int() }),
  auth: z.object({
    site_url: z.string(),
    jwt_expiry: z.number().int().positive(),
    enable_refresh_token_rotation: z.boolean(),
    refresh_token_reuse_interval: z.number().int().nonnegative(),
    enable_signup: z.boolean(),
    enable_anonymous_sign_ins: z.boolean(),
    minimum_password_length: z.number().int().positive(),
    /** HS256 secret; `env(NAME)` reads it from the environment, as the CLI does. */
    jwt_secret: z.string().optional(),
    /** JSON list of private JWKs, relative to config.toml's folder; `env(NAME)` as above. */
    signing_keys_path: z.string().optional(),
    email: z.object({ enable_confirmations: z.boolean() }),
  }),
});

export type ProjectSettings = z.infer<typeof configSchema>;

export const CONFIG_PATH = new URL("../config.toml", import.meta.url);

export function loadSettings(path: URL | string = CONFIG_PATH): ProjectSettings {
  const result = configSchema.safeParse(parse(readFileSync(path, "utf8")));
  if (!result.success) throw new Error(`supabase/config.toml: ${z.prettifyError(result.error)}`);
  const auth = result.data.auth;
  const secret = fromEnv(auth.jwt_secret, "auth.jwt_secret");
  const keysPath = fromEnv(auth.signing_keys_path, "auth.signing_keys_path");
  const folder = dirname(path instanceof URL ? fileURLToPath(path) : path);
  return {
    ...result.data,
    auth: { ...auth, jwt_secret: secret, signing_keys_path: keysPath ? resolve(folder, keysPath) : undefined },
  };
}

/** The CLI's `env(NAME)` indirection; an empty value counts as unset. */
function fromEnv(value: string | undefined, key: string): string | undefined {
  const name = value?.match(/^env\((\w+)\)$/)?.[1];
  if (!name) return value || undefined;
  const fromEnvironment = process.env[name];
  if (!fromEnvironment) throw new Error(`supabase/config.toml: ${key} reads env(${name}), which is not set`);
  return fromEnvironment;
}

/**
 * Keys that turn on what the Supabase CLI's stack offers and this one does not, each with the
 * value that leaves it off; `*` stands for any one table (a provider, a hook).
 */
const UNSUPPORTED_UNLESS: Array<[string, unknown]> = [
  ["auth.enable_anonymous_sign_ins", false],
  ["auth.enable_manual_linking", false],
  ["auth.password_requirements", ""],
  ["auth.email.secure_password_change", false],
  ["auth.email.smtp.enabled", false],
  ["auth.sms.enable_signup", false],
  ["auth.mfa.*.enroll_enabled", false],
  ["auth.external.*.enabled", false],
  ["auth.hook.*.enabled", false],
  ["auth.captcha.enabled", false],
  ["auth.third_party.*.enabled", false],
  ["auth.web3.*.enabled", false],
  ["storage.enabled", false],
  ["realtime.enabled", false],
  ["edge_runtime.enabled", false],
  ["analytics.enabled", false],
];

/** One warning per key of config.toml that asks for something the local stack does not do. */
export function unsupportedSettings(path: URL | string = CONFIG_PATH): string[] {
  const flat = flatten(parse(readFileSync(path, "utf8")));
  const warnings: string[] = [];
  for (const [pattern, off] of UNSUPPORTED_UNLESS) {
    const matcher = new RegExp(`^${pattern.replaceAll(".", "\\.").replaceAll("*", "[^.]+")}$`);
    for (const [key, value] of flat) {
      if (!matcher.test(key) || value === off) continue;
      warnings.push(
        `supabase/config.toml sets ${key} = ${JSON.stringify(value)}, which the local Supabase stack does not support: ` +
          "requests that need it are refused.",
      );
    }
  }
  return warnings;
}

function flatten(table: Record<string, unknown>, prefix = ""): Array<[string, unknown]> {
  return Object.entries(table).flatMap(([key, value]): Array<[string, unknown]> => {
    const name = `${prefix}${key}`;
    const isTable = typeof value === "object" && value !== null && !Array.isArray(value) && !(value instanceof Date);
    return isTable ? flatten(value as Record<string, unknown>, `${name}.`) : [[name, value]];
  });
}
