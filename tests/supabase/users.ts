/**
 * Real accounts on a test stack, created through GoTrue's admin API and signed in with the
 * anon key, plus the supabase-js clients the app would hold for each of them.
 */
import { createClient, type SupabaseClient } from "@supabase/supabase-js";
import type { Database } from "../../src/server/supabase/database.gen.ts";
import type { LocalStack } from "../../supabase/local/stack.ts";

export const PASSWORD = "password123";

export interface TestUser {
  id: string;
  email: string;
  accessToken: string;
  client: SupabaseClient<Database>;
}

const NO_BROWSER_SESSION = { persistSession: false, autoRefreshToken: false, detectSessionInUrl: false };

export function serviceClient(stack: LocalStack): SupabaseClient<Database> {
  return createClient<Database>(stack.url, stack.keys.serviceRoleKey, {
    global: { fetch: stack.fetch },
    auth: NO_BROWSER_SESSION,
  });
}

/** The anon key alone, or the anon key plus a user's access token, as the app's server builds it. */
export function clientFor(stack: LocalStack, accessToken?: string): SupabaseClient<Database> {
  return createClient<Database>(stack.url, stack.keys.anonKey, {
    global: { fetch: stack.fetch, headers: accessToken ? { Authorization: `Bearer ${accessToken}` } : {} },
    auth: NO_BROWSER_SESSION,
  });
}

export async function signIn(stack: LocalStack, email: string, password = PASSWORD) {
  const { data, error } = await clientFor(stack).auth.signInWithPassword({ email, password });
  if (error || !data.session) throw new Error(`sign-in as ${email} failed: ${error?.message}`);
  return data.session;
}

export async function createUser(
  stack: LocalStack,
  username: string,
  appMetadata: Record<string, unknown> = {},
): Promise<TestUser> {
  const email = `${username}@example.com`;
  const { data, error } = await serviceClient(stack).auth.admin.createUser({
    email,
    password: PASSWORD,
    email_confirm: true,
    user_metadata: { username },
    app_metadata: appMetadata,
  });
  if (error || !data.user) throw new Error(`creating ${email} failed: ${error?.message}`);
  const session = await signIn(stack, email);
  return { id: data.user.id, email, accessToken: session.access_token, client: clientFor(stack, session.access_token) };
}

/** Two ordinary users and an admin, as every access-control test needs them. */
export async function createCast(stack: LocalStack) {
  const [userA, userB, admin] = await Promise.all([
    createUser(stack, "user_a"),
    createUser(stack, "user_b"),
    createUser(stack, "site_admin", { role: "admin" }),
  ]);
  return { userA, userB, admin };
}
