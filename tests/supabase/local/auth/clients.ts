/**
 * supabase-js clients wired to an in-process local stack, as an app would build them, plus
 * a fetch recorder for tests that must prove which endpoints a call did (not) reach.
 */
import { createClient, type SupabaseClient } from "@supabase/supabase-js";
import type { LocalStack } from "../../../../supabase/local/stack.ts";

const NO_BROWSER_SESSION = { persistSession: false, autoRefreshToken: false, detectSessionInUrl: false };

export const PASSWORD = "correct horse battery";

let emailCounter = 0;
/** A fresh address per call, so tests sharing one database never collide. */
export function uniqueEmail(label = "user"): string {
  emailCounter += 1;
  return `${label}-${emailCounter}-${Date.now()}@example.com`;
}

export function anonClient(stack: LocalStack, fetchImpl: typeof fetch = stack.fetch): SupabaseClient {
  return createClient(stack.url, stack.keys.anonKey, { global: { fetch: fetchImpl }, auth: NO_BROWSER_SESSION });
}

export function serviceClient(stack: LocalStack): SupabaseClient {
  return createClient(stack.url, stack.keys.serviceRoleKey, {
    global: { fetch: stack.fetch },
    auth: NO_BROWSER_SESSION,
  });
}

/** A client whose requests carry a user's access token, as an SSR app builds one per request. */
export function clientWithToken(stack: LocalStack, accessToken: string): SupabaseClient {
  return createClient(stack.url, stack.keys.anonKey, {
    global: { fetch: stack.fetch, headers: { Authorization: `Bearer ${accessToken}` } },
    auth: NO_BROWSER_SESSION,
  });
}

/** Wraps the stack's fetch and remembers "METHOD /path" of every request. */
export function recordingFetch(stack: LocalStack): { fetch: typeof fetch; calls: string[] } {
  const calls: string[] = [];
  const recorded: typeof fetch = async (input, init) => {
    const request = new Request(input, init);
    calls.push(`${request.method} ${new URL(request.url).pathname}`);
    return stack.handle(request);
  };
  return { fetch: recorded, calls };
}

/** Signs a new user up and returns the session supabase-js got back. */
export async function signUpNewUser(stack: LocalStack, data: Record<string, unknown> = {}) {
  const email = uniqueEmail();
  const { data: result, error } = await anonClient(stack).auth.signUp({ email, password: PASSWORD, options: { data } });
  if (error || !result.session || !result.user) throw new Error(`sign-up failed: ${error?.message}`);
  return { email, session: result.session, user: result.user };
}

/** Sends a raw request to /auth/v1, for the inputs supabase-js would never send. */
export function rawAuthRequest(stack: LocalStack, path: string, init: RequestInit = {}) {
  const headers = new Headers(init.headers);
  headers.set("apikey", stack.keys.anonKey);
  if (!headers.has("X-Supabase-Api-Version")) headers.set("X-Supabase-Api-Version", "2024-01-01");
  return stack.handle(new Request(`${stack.url}/auth/v1${path}`, { ...init, headers }));
}
