// Temporary stand-in for tests/support/local-stack.ts until the lead's harness lands.
import { readFileSync } from "node:fs";
import { PGlite } from "@electric-sql/pglite";
import { pgcrypto } from "@electric-sql/pglite/contrib/pgcrypto";
import { uuid_ossp } from "@electric-sql/pglite/contrib/uuid_ossp";
import { createClient } from "@supabase/supabase-js";
import { createLocalStack, type LocalStack } from "../supabase/local/stack.ts";
import { loadSettings } from "../supabase/local/settings.ts";
export async function startTestStack(): Promise<LocalStack> {
  const db = new PGlite({ extensions: { pgcrypto, uuid_ossp } });
  await db.exec(readFileSync("/work/main/supabase/local/platform.sql", "utf8"));
  return createLocalStack(db, loadSettings(), "http://127.0.0.1:54321");
}
export function supabaseAs(stack: LocalStack, accessToken?: string) {
  return createClient(stack.url, stack.keys.anonKey, {
    global: { fetch: stack.fetch, headers: accessToken ? { Authorization: `Bearer ${accessToken}` } : {} },
    auth: { persistSession: false, autoRefreshToken: false, detectSessionInUrl: false },
  });
}
