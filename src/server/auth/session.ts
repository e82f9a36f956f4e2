import { isAuthRetryableFetchError } from "@supabase/supabase-js";
import { decodeJwt } from "jose";
import { unavailableError } from "../errors";
import { createCallerClient, type SupabaseProject, sharedClients } from "../supabase/clients";
import type { SessionTokens } from "./cookies";
import { isSessionActive } from "./liveness";
import { verifiedOnce } from "./verified-tokens";

export interface SessionUser {
  id: string;
  email: string | null;
  /** From `app_metadata.role`, which users cannot set (only the service role, through set_user_role). */
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

export interface ResolveOptions {
  /** True for reads (GET): a session's liveness may then come from the per-process cache. */
  allowCachedLiveness?: boolean;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const signedOut = (cookies: ResolvedSession["cookies"]): ResolvedSession => ({
  user: null,
  accessToken: null,
  cookies,
});

/**
 * Decides who the caller is. A Bearer token (non-browser clients) wins and needs no cookie.
 * Otherwise the access-token cookie is verified locally against the project's JWKS
 * (`getClaims`; never `getSession`, which trusts whatever the cookie says); an expired one
 * is refreshed once with the refresh-token cookie. A verified token whose session was
 * revoked (signed out) is refused too. Anything forged, revoked or unrefreshable means
 * signed out, with the cookies cleared.
 */
export async function resolveSession(
  project: SupabaseProject,
  credentials: RequestCredentials,
  { allowCachedLiveness = false }: ResolveOptions = {},
) {
  const liveUser = async (accessToken: string) => {
    const verified = await verifiedUser(project, accessToken);
    if (!verified || !(await isSessionActive(project, verified.sessionId, allowCachedLiveness))) return null;
    return verified.user;
  };
  if (credentials.bearerToken) {
    const user = await liveUser(credentials.bearerToken);
    return user ? { user, accessToken: credentials.bearerToken, cookies: "keep" as const } : signedOut("keep");
  }
  const { accessTokenCookie, refreshTokenCookie } = credentials;
  if (!accessTokenCookie && !refreshTokenCookie) return signedOut("keep");

  if (accessTokenCookie && !isExpired(accessTokenCookie)) {
    const user = await liveUser(accessTokenCookie);
    return user ? { user, accessToken: accessTokenCookie, cookies: "keep" as const } : signedOut("clear");
  }
  if (!refreshTokenCookie) return signedOut("clear");

  const refreshed = await refreshOnce(project, refreshTokenCookie);
  // Auth down or unreachable: anon for now, but the refresh token may still work next time.
  if (refreshed === "unavailable") return signedOut("keep");
  if (refreshed === "rejected") return signedOut("clear");
  // A successful refresh just proved the session live.
  const verified = await verifiedUser(project, refreshed.accessToken);
  return verified
    ? { user: verified.user, accessToken: refreshed.accessToken, cookies: refreshed }
    : signedOut("clear");
}

function verifiedUser(project: SupabaseProject, accessToken: string) {
  return verifiedOnce(project, accessToken, expiresAt(accessToken), () => verifyUser(project, accessToken));
}

async function verifyUser(project: SupabaseProject, accessToken: string) {
  // IMPORTANT: getClaims throws (rather than returning an error) on some malformed tokens,
  // e.g. `alg: none`; an unverifiable token is a signed-out caller, never a 500.
  const { data, error } = await sharedClients(project)
    .anon.auth.getClaims(accessToken)
    .catch((thrown: unknown) => ({ data: null, error: thrown }));
  // Auth unreachable (its signing keys not cached yet): the caller is not signed out, we cannot tell.
  if (isAuthRetryableFetchError(error)) throw unavailableError(error);
  const claims = data?.claims;
  // The anon and service keys verify too, but they name no user; a token naming no session
  // could never be revoked.
  if (error || !claims || claims.role !== "authenticated" || typeof claims.sub !== "string") return null;
  if (typeof claims.session_id !== "string" || !UUID.test(claims.session_id)) return null;
  const user: SessionUser = {
    id: claims.sub,
    email: typeof claims.email === "string" ? claims.email : null,
    role: claims.app_metadata?.role === "admin" ? "admin" : "user",
  };
  return { user, sessionId: claims.session_id };
}

function isExpired(token: string) {
  try {
    const { exp } = decodeJwt(token);
    return typeof exp === "number" && exp * 1000 <= Date.now();
  } catch {
    return false;
  }
}

/** When the token says it expires (ms); 0, never remembered, for one that names no expiry. */
function expiresAt(token: string) {
  try {
    const { exp } = decodeJwt(token);
    return typeof exp === "number" ? exp * 1000 : 0;
  } catch {
    return 0;
  }
}

/**
 * IMPORTANT: a page load fires several requests at once with the same expired cookie.
 * Refreshing once per refresh token (here, per process) and Supabase's refresh-token reuse
 * interval (across processes) keep the racing requests from revoking each other's session.
 */
type RefreshOutcome = SessionTokens | "rejected" | "unavailable";

const refreshesInFlight = new Map<string, Promise<RefreshOutcome>>();

function refreshOnce(project: SupabaseProject, refreshToken: string) {
  let refresh = refreshesInFlight.get(refreshToken);
  if (!refresh) {
    refresh = refreshSession(project, refreshToken).finally(() => refreshesInFlight.delete(refreshToken));
    refreshesInFlight.set(refreshToken, refresh);
  }
  return refresh;
}

/**
 * IMPORTANT: supabase-js retries a refresh that failed with a 5xx or a network error, with
 * backoff, for up to about 30 s; a request must not hang that long on an Auth outage.
 */
const REFRESH_TIMEOUT_MS = 2_000;

async function refreshSession(project: SupabaseProject, refreshToken: string): Promise<RefreshOutcome> {
  const unavailable = { data: { session: null }, error: { status: 0 } };
  const { data, error } = await Promise.race([
    createCallerClient(project, null)
      .auth.refreshSession({ refresh_token: refreshToken })
      .catch(() => unavailable),
    new Promise<typeof unavailable>((resolve) => setTimeout(() => resolve(unavailable), REFRESH_TIMEOUT_MS).unref()),
  ]);
  if (error) {
    // Only Auth's own 4xx verdict (revoked, unknown, reused) ends the session for good.
    const status = error.status ?? 0;
    return status >= 400 && status < 500 ? "rejected" : "unavailable";
  }
  if (!data.session) return "rejected";
  return { accessToken: data.session.access_token, refreshToken: data.session.refresh_token };
}
