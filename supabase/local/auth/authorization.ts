/**
 * Stands in for GoTrue's request authentication (internal/api/auth.go): the bearer token is
 * verified against the project key, then its `sub` must name an existing user and its
 * `session_id` a live session (so a logged-out access token stops working on /user even
 * before it expires). Admin endpoints only need a token whose role is an admin role.
 * Not supported: HS256 legacy-secret tokens, the X-JWT-AUD audience override.
 */
import type { JwtClaims } from "../keys.ts";
import { JwtVerificationError } from "../keys.ts";
import type { ApiRequest, LocalStack } from "../local-stack.ts";
import { badRequest, forbidden, unauthorized } from "./errors.ts";
import { sessionExists } from "./sessions.ts";
import { findUserById, type UserRow } from "./users.ts";

const BEARER = /^(?:B|b)earer (\S+)$/;
const ADMIN_ROLES = ["service_role", "supabase_admin"];
const NIL_UUID = "00000000-0000-0000-0000-000000000000";
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export interface AuthenticatedUser {
  claims: JwtClaims;
  user: UserRow;
  /** Absent for tokens minted without a session (GoTrue then logs the user out everywhere). */
  sessionId: string | undefined;
}

/** GoTrue's requireAuthentication: a valid token for an existing user and session. */
export async function requireUser(request: ApiRequest, stack: LocalStack): Promise<AuthenticatedUser> {
  const claims = await verifiedClaims(request, stack);
  if (!claims.sub) throw forbidden("bad_jwt", "invalid claim: missing sub claim");
  if (!UUID.test(claims.sub)) throw badRequest("bad_jwt", "invalid claim: sub claim must be a UUID");
  const user = await findUserById(stack.db, claims.sub);
  if (!user) throw forbidden("user_not_found", "User from sub claim in JWT does not exist");
  const sessionId = claims.session_id && claims.session_id !== NIL_UUID ? claims.session_id : undefined;
  if (sessionId) {
    if (!UUID.test(sessionId)) throw forbidden("bad_jwt", "invalid claim: session_id claim must be a UUID");
    if (!(await sessionExists(stack.db, sessionId))) {
      throw forbidden("session_not_found", "Session from session_id claim in JWT does not exist");
    }
  }
  return { claims, user, sessionId };
}

/** GoTrue's requireAdminCredentials: the token's role must be an admin role. */
export async function requireAdmin(request: ApiRequest, stack: LocalStack): Promise<void> {
  const claims = await verifiedClaims(request, stack);
  if (!ADMIN_ROLES.includes(claims.role)) throw forbidden("not_admin", "User not allowed");
}

async function verifiedClaims(request: ApiRequest, stack: LocalStack): Promise<JwtClaims> {
  const match = BEARER.exec(request.headers.get("authorization") ?? "");
  if (!match?.[1]) throw unauthorized("no_authorization", "This endpoint requires a Bearer token");
  try {
    return await stack.keys.verify(match[1]);
  } catch (error) {
    if (!(error instanceof JwtVerificationError)) throw error;
    // The wording of golang-jwt's errors, which GoTrue appends to its message.
    const reason =
      error.reason === "expired" ? "token has invalid claims: token is expired" : "token signature is invalid";
    throw forbidden("bad_jwt", `invalid JWT: unable to parse or verify signature, ${reason}`);
  }
}
