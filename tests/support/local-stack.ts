import { createClient } from "@supabase/supabase-js";
import { openSnapshotDatabase } from "../../supabase/local/database.ts";
import { loadSettings } from "../../supabase/local/settings.ts";
import { createLocalStack, type LocalStack } from "../../supabase/local/stack.ts";

/**
 * A local Supabase for one test file: an in-memory database restored from the migrated
 * snapshot (built once by tests/support/global-setup.ts), answering in-process.
 */
export async function startTestStack(): Promise<LocalStack> {
  const db = await openSnapshotDatabase();
  return createLocalStack(db, loadSettings(), "http://127.0.0.1:54321");
}

/** A real supabase-js client talking to the stack without a socket, as `accessToken`'s owner or anon. */
export function supabaseAs(stack: LocalStack, accessToken?: string) {
  return createClient(stack.url, stack.keys.anonKey, {
    global: {
      fetch: stack.fetch,
      headers: accessToken ? { Authorization: `Bearer ${accessToken}` } : {},
    },
    auth: { persistSession: false, autoRefreshToken: false, detectSessionInUrl: false },
  });
}
