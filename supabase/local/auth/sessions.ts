/**
 * Stands in for GoTrue's session and token machinery (internal/tokens/service.go,
 * models/refresh_token.go, models/sessions.go, logout.go): a session row plus an opaque
 * refresh token per sign-in, ES256 access tokens with Supabase's claims, refresh-token
 * rotation with the reuse interval and token-family revocation, and the three logout scopes.
 * Not supported: MFA (aal2), session timeboxes / inactivity timeouts, single-session-per-user,
 * the v2 (HMAC-counter) refresh tokens, custom access token hooks.
 */
import type { Transaction } from "@electric-sql/pglite";
import type { ApiRequest, LocalStack } from "../local-stack.ts";
import { AuthHttpError, badRequest, OAuthError } from "./errors.ts";
import type { JsonObject } from "./request.ts";
import { findUserById, type Queryable, toUserJson, type UserRow } from "./users.ts";

interface SessionRow {
  id: string;
  created_at_epoch: number;
  not_after_passed: boolean;
}

interface RefreshTokenRow {
  id: string;
  token: string;
  user_id: string;
  revoked: boolean;
  parent: string | null;
  session_id: string;
  reuse_window_passed: boolean;
}

const REFRESH_TOKEN_ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789";

/** The body of a successful /token or /signup response (GoTrue's AccessTokenResponse). */
export interface AccessTokenResponse {
  access_token: string;
  token_type: "bearer";
  expires_in: number;
  expires_at: number;
  refresh_token: string;
  user: JsonObject;
  weak_password?: { message: string; reasons: string[] };
}

/** Starts a new session for a user who just proved who they are (password or sign-up). */
export async function issueSession(stack: LocalStack, tx: Transaction, userId: string, request: ApiRequest) {
  const sessionId = crypto.randomUUID();
  await tx.query(
    `insert into auth.sessions (id, user_id, created_at, updated_at, aal, user_agent, ip)
     values ($1, $2, now(), now(), 'aal1', $3, null)`,
    [sessionId, userId, request.headers.get("user-agent")],
  );
  const refreshToken = await insertRefreshToken(tx, userId, sessionId, null);
  await tx.query("update auth.users set last_sign_in_at = now(), updated_at = now() where id = $1", [userId]);
  return accessTokenResponse(stack, tx, userId, sessionId, refreshToken);
}

/** The refresh_token grant, following GoTrue's RefreshTokenGrant step by step. */
export async function refreshSession(stack: LocalStack, refreshToken: string, request: ApiRequest) {
  if (!refreshToken) throw new OAuthError("invalid_request", "refresh_token required");
  const interval = stack.settings.auth.refresh_token_reuse_interval;
  // A refused reuse must still commit the family revocation, so that error is returned, not thrown.
  const outcome = await stack.db.transaction(async (tx): Promise<AccessTokenResponse | AuthHttpError> => {
    const token = await findRefreshToken(tx, refreshToken, interval);
    if (!token) throw badRequest("refresh_token_not_found", "Invalid Refresh Token: Refresh Token Not Found");
    const user = await findUserById(tx, token.user_id);
    if (!user) throw badRequest("refresh_token_not_found", "Invalid Refresh Token: Refresh Token Not Found");
    if (user.is_banned) throw badRequest("user_banned", "Invalid Refresh Token: User Banned");
    const session = await findSession(tx, token.session_id);
    if (!session) throw badRequest("session_not_found", "Invalid Refresh Token: No Valid Session Found");
    if (session.not_after_passed) throw badRequest("session_expired", "Invalid Refresh Token: Session Expired");

    let issued: string | undefined;
    if (token.revoked) {
      const active = await findActiveRefreshToken(tx, token.session_id);
      if (active && active.parent === token.token) {
        // The client lost the response of its last refresh: hand back the token it missed.
        issued = active.token;
      } else if (token.reuse_window_passed) {
        if (stack.settings.auth.enable_refresh_token_rotation) {
          // Like GoTrue's RevokeTokenFamily this leaves updated_at alone, so a token issued
          // moments ago stays reusable until its own reuse interval has passed.
          await tx.query("update auth.refresh_tokens set revoked = true where session_id = $1 and revoked = false", [
            token.session_id,
          ]);
        }
        return badRequest("refresh_token_already_used", "Invalid Refresh Token: Already Used");
      }
    }
    if (!issued) {
      issued = await insertRefreshToken(tx, token.user_id, token.session_id, token.token);
      await tx.query("update auth.refresh_tokens set revoked = true, updated_at = now() where id = $1", [token.id]);
    }
    await tx.query(
      `update auth.sessions set refreshed_at = now() at time zone 'UTC', updated_at = now(), user_agent = $2
        where id = $1`,
      [token.session_id, request.headers.get("user-agent")],
    );
    return accessTokenResponse(stack, tx, token.user_id, token.session_id, issued);
  });
  if (outcome instanceof AuthHttpError) throw outcome;
  return outcome;
}

export type LogoutScope = "global" | "local" | "others";

/** GoTrue's Logout: deleting sessions cascades to their refresh tokens. */
export async function logout(db: Queryable, userId: string, sessionId: string | undefined, scope: LogoutScope) {
  if (sessionId && scope === "local") {
    await db.query("delete from auth.sessions where id = $1", [sessionId]);
  } else if (sessionId && scope === "others") {
    await db.query("delete from auth.sessions where user_id = $1 and id <> $2", [userId, sessionId]);
  } else {
    await db.query("delete from auth.sessions where user_id = $1", [userId]);
  }
}

export async function sessionExists(db: Queryable, sessionId: string): Promise<boolean> {
  return (await findSession(db, sessionId)) !== undefined;
}

async function accessTokenResponse(
  stack: LocalStack,
  db: Queryable,
  userId: string,
  sessionId: string,
  refreshToken: string,
): Promise<AccessTokenResponse> {
  const user = await findUserById(db, userId);
  const session = await findSession(db, sessionId);
  if (!user || !session) throw new Error(`user ${userId} or session ${sessionId} vanished while issuing tokens`);
  const expiresIn = stack.settings.auth.jwt_expiry;
  const issuedAt = Math.floor(Date.now() / 1000);
  const accessToken = await stack.keys.sign(accessTokenClaims(stack, user, session, issuedAt), expiresIn);
  return {
    access_token: accessToken,
    token_type: "bearer",
    expires_in: expiresIn,
    expires_at: issuedAt + expiresIn,
    refresh_token: refreshToken,
    user: toUserJson(user),
  };
}

function accessTokenClaims(stack: LocalStack, user: UserRow, session: SessionRow, issuedAt: number) {
  return {
    iss: `${stack.url}/auth/v1`,
    sub: user.id,
    aud: user.aud ?? "",
    exp: issuedAt + stack.settings.auth.jwt_expiry,
    iat: issuedAt,
    email: user.email ?? "",
    phone: user.phone ?? "",
    app_metadata: user.raw_app_meta_data ?? {},
    user_metadata: user.raw_user_meta_data ?? {},
    role: user.role ?? "",
    aal: "aal1",
    // GoTrue records how the session was authenticated once, at sign-in; refreshes keep it.
    amr: [{ method: "password", timestamp: session.created_at_epoch }],
    session_id: session.id,
    is_anonymous: user.is_anonymous,
  };
}

async function insertRefreshToken(db: Queryable, userId: string, sessionId: string, parent: string | null) {
  const token = randomRefreshToken();
  await db.query(
    `insert into auth.refresh_tokens (instance_id, token, user_id, revoked, created_at, updated_at, parent, session_id)
     values ('00000000-0000-0000-0000-000000000000', $1, $2, false, now(), now(), $3, $4)`,
    [token, userId, parent, sessionId],
  );
  return token;
}

async function findRefreshToken(db: Queryable, token: string, reuseIntervalSeconds: number) {
  const result = await db.query<RefreshTokenRow>(
    `select id::text, token, user_id, revoked, parent, session_id,
            now() > updated_at + make_interval(secs => $2) as reuse_window_passed
       from auth.refresh_tokens where token = $1 for update`,
    [token, reuseIntervalSeconds],
  );
  return result.rows[0];
}

async function findActiveRefreshToken(db: Queryable, sessionId: string) {
  const result = await db.query<{ token: string; parent: string | null }>(
    "select token, parent from auth.refresh_tokens where session_id = $1 and revoked is false order by id desc limit 1",
    [sessionId],
  );
  return result.rows[0];
}

async function findSession(db: Queryable, sessionId: string) {
  const result = await db.query<SessionRow>(
    `select id, extract(epoch from created_at)::int as created_at_epoch,
            coalesce(not_after < now(), false) as not_after_passed
       from auth.sessions where id = $1`,
    [sessionId],
  );
  return result.rows[0];
}

function randomRefreshToken(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(12));
  return Array.from(bytes, (byte) => REFRESH_TOKEN_ALPHABET[byte % REFRESH_TOKEN_ALPHABET.length]).join("");
}
