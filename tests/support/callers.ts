import { randomUUID } from "node:crypto";
import { createClient } from "@supabase/supabase-js";
import { resolveSession } from "~/server/auth/session";
import { createContextInner } from "~/server/context";
import { createCaller } from "~/server/routers/_app";
import type { SupabaseProject } from "~/server/supabase/clients";
import type { LocalStack } from "../../supabase/local/stack.ts";
import { startTestStack } from "./local-stack";

export type CallerKind = "anon" | "user" | "admin";

export const TEST_PASSWORD = "correct horse battery";

/**
 * The way to test a router: typed callers acting as anon, a fresh user or an admin, backed
 * by an in-process local Supabase. Users are created through the GoTrue admin API and
 * signed in for real, so Row Level Security sees the same JWTs as in production.
 *
 *   const kit = await createTestKit();
 *   const alice = await kit.callerFor("user");
 *   await alice.caller.profile.update({ username: "alice_2", displayName: null });
 *   alice.cookies; // the Set-Cookie headers the procedures wrote
 */
export async function createTestKit(stack?: LocalStack) {
  const localStack = stack ?? (await startTestStack());
  const project: SupabaseProject = {
    url: localStack.url,
    anonKey: localStack.keys.anonKey,
    serviceRoleKey: localStack.keys.serviceRoleKey,
    fetch: localStack.fetch,
  };
  const admin = createClient(project.url, project.serviceRoleKey, {
    auth: { persistSession: false, autoRefreshToken: false },
    global: { fetch: project.fetch },
  });

  /** A confirmed user with a profile; `role: "admin"` goes into app_metadata as only the admin API can. */
  async function createUser(kind: Exclude<CallerKind, "anon">) {
    const username = `${kind}_${randomUUID().slice(0, 8)}`;
    const email = `${username}@example.test`;
    const { data, error } = await admin.auth.admin.createUser({
      email,
      password: TEST_PASSWORD,
      email_confirm: true,
      user_metadata: { username },
      app_metadata: kind === "admin" ? { role: "admin" } : {},
    });
    if (error) throw error;
    return { id: data.user.id, email, username };
  }

  /** Signs in through GoTrue and returns the session tokens a browser would hold in cookies. */
  async function signIn(email: string, password = TEST_PASSWORD) {
    const anon = createClient(project.url, project.anonKey, {
      auth: { persistSession: false, autoRefreshToken: false },
      global: { fetch: project.fetch },
    });
    const { data, error } = await anon.auth.signInWithPassword({ email, password });
    if (error) throw error;
    return { accessToken: data.session.access_token, refreshToken: data.session.refresh_token };
  }

  /** A caller whose context is built exactly as an HTTP request's would be, from these tokens. */
  async function callerWithTokens(tokens: { accessToken?: string; refreshToken?: string } | null) {
    const cookies: string[] = [];
    const session = await resolveSession(project, {
      accessTokenCookie: tokens?.accessToken,
      refreshTokenCookie: tokens?.refreshToken,
    });
    const ctx = createContextInner({
      project,
      user: session.user,
      accessToken: session.accessToken,
      setCookies: (set) => cookies.push(...set),
    });
    return { caller: createCaller(ctx), ctx, cookies, session };
  }

  async function callerFor(kind: "anon"): Promise<Caller & { account: null }>;
  async function callerFor(kind: "user" | "admin"): Promise<Caller & { account: Account }>;
  async function callerFor(kind: CallerKind): Promise<Caller & { account: Account | null }>;
  async function callerFor(kind: CallerKind) {
    if (kind === "anon") return { ...(await callerWithTokens(null)), account: null };
    const account = await createUser(kind);
    return { ...(await callerWithTokens(await signIn(account.email))), account };
  }

  type Account = Awaited<ReturnType<typeof createUser>>;
  type Caller = Awaited<ReturnType<typeof callerWithTokens>>;

  return { stack: localStack, project, admin, createUser, signIn, callerWithTokens, callerFor };
}
