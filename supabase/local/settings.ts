/**
 * The project settings the local stack honours, read from supabase/config.toml so the local
 * stack and the Supabase CLI agree on ports and auth rules.
 */
import { readFileSync } from "node:fs";
import { parse } from "smol-toml";
import { z } from "zod";

const configSchema = z.object({
  api: z.object({
    port: z.number().int(),
    schemas: z.array(z.string()).min(1),
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
    email: z.object({ enable_confirmations: z.boolean() }),
  }),
});

export type ProjectSettings = z.infer<typeof configSchema>;

export const CONFIG_PATH = new URL("../config.toml", import.meta.url);

export function loadSettings(path: URL | string = CONFIG_PATH): ProjectSettings {
  const result = configSchema.safeParse(parse(readFileSync(path, "utf8")));
  if (!result.success) throw new Error(`supabase/config.toml: ${z.prettifyError(result.error)}`);
  return result.data;
}
