import { stringifySetCookie } from "cookie";

/**
 * The session lives in two httpOnly cookies: JavaScript in the page can never read the
 * tokens, and the browser sends them only to this origin.
 */
export const ACCESS_TOKEN_COOKIE = "sb-access-token";
export const REFRESH_TOKEN_COOKIE = "sb-refresh-token";

/** How long a browser keeps a session it does not use; each refresh extends it. */
const SESSION_MAX_AGE_SECONDS = 7 * 24 * 3600;

export interface SessionTokens {
  accessToken: string;
  refreshToken: string;
}

function sessionCookie(name: string, value: string, maxAge: number) {
  return stringifySetCookie({
    name,
    value,
    httpOnly: true,
    // Secure in production only: local http://localhost would drop Secure cookies in some browsers.
    secure: process.env.NODE_ENV === "production",
    sameSite: "lax",
    path: "/",
    maxAge,
  });
}

export function sessionCookies(tokens: SessionTokens): string[] {
  return [
    sessionCookie(ACCESS_TOKEN_COOKIE, tokens.accessToken, SESSION_MAX_AGE_SECONDS),
    sessionCookie(REFRESH_TOKEN_COOKIE, tokens.refreshToken, SESSION_MAX_AGE_SECONDS),
  ];
}

export function clearedSessionCookies(): string[] {
  return [sessionCookie(ACCESS_TOKEN_COOKIE, "", 0), sessionCookie(REFRESH_TOKEN_COOKIE, "", 0)];
}
