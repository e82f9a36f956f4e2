import { decodeJwt } from "jose";
import { createCallerClient, type SupabaseProject } from "../supabase/clients";
import type { SessionTokens } from "./cookies";

export interface SessionUser {
  id: string;
  email: string | null;
  /** From `app_metadata.role`, which only the admin API can set. */
  role: "user" | "admin";
}

/** What the request's credentials prove, and what its cookies should become. */
export interface ResolvedSession {
  user: SessionUser | null;
  accessToken: string | null;
  cookies: "keep" | "clear" | SessionTokens;
}

export interface RequestCredentials {
  bearerToken?: string | null;
  accessTokenCookie?: string | null;
  refreshTokenCookie?: string | null;
}

const signedOut = (cookies: ResolvedSession["cookies"]): ResolvedSession => ({
  user: null,
  accessToken: null,
  cookies,
});

/**
 * Decides who the caller is. A Bearer token (non-browser clients) wins and needs no cookie.
 * Otherwise the access-token cookie is verified locally against the project's JWKS
 * (`getClaims`; never `getSession`, which trusts whatever the cookie says); an expired one
 * is refreshed once with the refresh-token cookie. Anything forged or unrefreshable means
 * signed out, with the cookies cleared.
 */
export async function resolveSession(project: SupabaseProject, credentials: RequestCredentials) {
  if (credentials.bearerToken) {
    const user = await verifiedUser(project, credentials.bearerToken);
    return user ? { user, accessToken: credentials.bearerToken, cookies: "keep" as const } : signedOut("keep");
  }
  const { accessTokenCookie, refreshTokenCookie } = credentials;
  if (!accessTokenCookie && !refreshTokenCookie) return signedOut("keep");

  if (accessTokenCookie && !isExpired(accessTokenCookie)) {
    const user = await verifiedUser(project, accessTokenCookie);
    return user ? { user, accessToken: accessTokenCookie, cookies: "keep" as const } : signedOut("clear");
  }
  if (!refreshTokenCookie) return signedOut("clear");

  const tokens = await refreshOnce(project, refreshTokenCookie);
  const user = tokens && (await verifiedUser(project, tokens.accessToken));
  return user && tokens ? { user, accessToken: tokens.accessToken, cookies: tokens } : signedOut("clear");
}

async function verifiedUser(project: SupabaseProject, accessToken: string): Promise<SessionUser | null> {
  // IMPORTANT: getClaims throws (rather than returning an error) on some malformed tokens,
  // e.g. `alg: none`; an unverifiable token is a signed-out caller, never a 500.
  const { data, error } = await createCallerClient(project, null)
    .auth.getClaims(accessToken)
    .catch((thrown: unknown) => ({ data: null, error: thrown }));
  const claims = data?.claims;
  // The anon and service keys verify too, but they name no user.
  if (error || !claims || claims.role !== "authenticated" || typeof claims.sub !== "string") return null;
  return {
    id: claims.sub,
    email: typeof claims.email === "string" ? claims.email : null,
    role: claims.app_metadata?.role === "admin" ? "admin" : "user",
  };
}

function isExpired(token: string) {
  try {
    const { exp } = decodeJwt(token);
    return typeof exp === "number" && exp * 1000 <= Date.now();
  } catch {
    return false;
  }
}

/**
 * IMPORTANT: a page load fires several requests at once with the same expired cookie.
 * Refreshing once per refresh token (here, per process) and Supabase's refresh-token reuse
 * interval (across processes) keep the racing requests from revoking each other's session.
 */
const refreshesInFlight = new Map<string, Promise<SessionTokens | null>>();

function refreshOnce(project: SupabaseProject, refreshToken: string) {
  let refresh = refreshesInFlight.get(refreshToken);
  if (!refresh) {
    refresh = refreshSession(project, refreshToken).finally(() => refreshesInFlight.delete(refreshToken));
    refreshesInFlight.set(refreshToken, refresh);
  }
  return refresh;
}

async function refreshSession(project: SupabaseProject, refreshToken: string): Promise<SessionTokens | null> {
  const { data, error } = await createCallerClient(project, null).auth.refreshSession({ refresh_token: refreshToken });
  if (error || !data.session) return null;
  return { accessToken: data.session.access_token, refreshToken: data.session.refresh_token };
}
