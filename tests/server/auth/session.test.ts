import { decodeJwt, decodeProtectedHeader, generateKeyPair, SignJWT } from "jose";
import { beforeAll, describe, expect, test, vi } from "vitest";
import { clearedSessionCookies, sessionCookies } from "~/server/auth/cookies";
import { resolveSession } from "~/server/auth/session";
import { createTestKit } from "../../support/callers";

let kit: Awaited<ReturnType<typeof createTestKit>>;
beforeAll(async () => {
  kit = await createTestKit();
});

async function signedInUser() {
  const account = await kit.createUser("user");
  return { account, tokens: await kit.signIn(account.email) };
}

/** The same claims as a real access token, re-signed: expired, or by a key this project does not have. */
async function variantOf(accessToken: string, change: "expired" | "other key" | "alg none") {
  const claims = decodeJwt(accessToken);
  const { kid } = decodeProtectedHeader(accessToken);
  const now = Math.floor(Date.now() / 1000);
  if (change === "expired") {
    return kit.stack.keys.sign({ ...claims, role: "authenticated", iat: now - 7200, exp: now - 3600 }, 0);
  }
  if (change === "other key") {
    const { privateKey } = await generateKeyPair("ES256");
    return new SignJWT(claims).setProtectedHeader({ alg: "ES256", kid, typ: "JWT" }).sign(privateKey);
  }
  const encode = (part: object) => Buffer.from(JSON.stringify(part)).toString("base64url");
  return `${encode({ alg: "none", typ: "JWT", kid })}.${encode(claims)}.`;
}

describe("resolveSession", () => {
  test("a valid access-token cookie names the user and keeps the cookies", async () => {
    const { account, tokens } = await signedInUser();

    const session = await resolveSession(kit.project, { accessTokenCookie: tokens.accessToken });

    expect(session.user).toEqual({ id: account.id, email: account.email, role: "user" });
    expect(session.cookies).toBe("keep");
  });

  test("an expired access token is refreshed once with the refresh cookie, and new cookies are issued", async () => {
    const { account, tokens } = await signedInUser();
    const expired = await variantOf(tokens.accessToken, "expired");

    const session = await resolveSession(kit.project, {
      accessTokenCookie: expired,
      refreshTokenCookie: tokens.refreshToken,
    });

    expect(session.user?.id).toBe(account.id);
    expect(session.cookies).toMatchObject({ accessToken: expect.any(String), refreshToken: expect.any(String) });
    expect(session.cookies).not.toMatchObject({ refreshToken: tokens.refreshToken });
  });

  test("concurrent requests refreshing one expired session all stay signed in", async () => {
    const { account, tokens } = await signedInUser();
    const expired = await variantOf(tokens.accessToken, "expired");
    const credentials = { accessTokenCookie: expired, refreshTokenCookie: tokens.refreshToken };

    const sessions = await Promise.all(Array.from({ length: 5 }, () => resolveSession(kit.project, credentials)));

    expect(sessions.map((session) => session.user?.id)).toEqual(Array(5).fill(account.id));
  });

  test("a page that refreshes again with the previous refresh token is not signed out (reuse interval)", async () => {
    const { account, tokens } = await signedInUser();
    const expired = await variantOf(tokens.accessToken, "expired");
    const credentials = { accessTokenCookie: expired, refreshTokenCookie: tokens.refreshToken };

    await resolveSession(kit.project, credentials);
    const again = await resolveSession(kit.project, credentials);

    expect(again.user?.id).toBe(account.id);
  });

  test("a Bearer token wins over cookies and needs none", async () => {
    const alice = await signedInUser();
    const bob = await signedInUser();

    const session = await resolveSession(kit.project, {
      bearerToken: alice.tokens.accessToken,
      accessTokenCookie: bob.tokens.accessToken,
    });

    expect(session.user?.id).toBe(alice.account.id);
    expect(session.cookies).toBe("keep");
  });

  test.each(["other key", "alg none"] as const)(
    "a token signed with %s is signed out, cookies cleared",
    async (change) => {
      const { tokens } = await signedInUser();
      const forged = await variantOf(tokens.accessToken, change);

      const viaCookie = await resolveSession(kit.project, { accessTokenCookie: forged });
      const viaBearer = await resolveSession(kit.project, { bearerToken: forged });

      expect(viaCookie).toEqual({ user: null, accessToken: null, cookies: "clear" });
      expect(viaBearer.user).toBeNull();
    },
  );

  test("the anon key presented as a user token names no user", async () => {
    const session = await resolveSession(kit.project, { bearerToken: kit.project.anonKey });

    expect(session.user).toBeNull();
  });

  test("an expired token whose refresh token was revoked is signed out, cookies cleared", async () => {
    const { tokens } = await signedInUser();
    await kit.admin.auth.admin.signOut(tokens.accessToken, "global");
    const expired = await variantOf(tokens.accessToken, "expired");

    const session = await resolveSession(kit.project, {
      accessTokenCookie: expired,
      refreshTokenCookie: tokens.refreshToken,
    });

    expect(session).toEqual({ user: null, accessToken: null, cookies: "clear" });
  });

  test("an Auth outage during a refresh is anon for now but keeps the cookies for the next try", async () => {
    const { tokens } = await signedInUser();
    const expired = await variantOf(tokens.accessToken, "expired");
    const authDown: typeof fetch = async (input, init) => {
      const url = new Request(input, init).url;
      if (url.includes("grant_type=refresh_token")) return new Response("upstream unavailable", { status: 503 });
      return kit.stack.fetch(input, init);
    };

    const session = await resolveSession(
      { ...kit.project, fetch: authDown },
      { accessTokenCookie: expired, refreshTokenCookie: tokens.refreshToken },
    );

    expect(session).toEqual({ user: null, accessToken: null, cookies: "keep" });
  }, 10_000);

  test("no cookies at all is anon and leaves cookies alone", async () => {
    expect(await resolveSession(kit.project, {})).toEqual({ user: null, accessToken: null, cookies: "keep" });
  });
});

describe("session cookies", () => {
  test("are httpOnly, SameSite=Lax, Path=/ and not Secure in development", () => {
    vi.stubEnv("NODE_ENV", "development");

    for (const cookie of sessionCookies({ accessToken: "a", refreshToken: "r" })) {
      expect(cookie).toMatch(/; Path=\//);
      expect(cookie).toMatch(/; HttpOnly/);
      expect(cookie).toMatch(/; SameSite=Lax/);
      expect(cookie).not.toMatch(/; Secure/);
    }
    vi.unstubAllEnvs();
  });

  test("are Secure in production", () => {
    vi.stubEnv("NODE_ENV", "production");

    for (const cookie of sessionCookies({ accessToken: "a", refreshToken: "r" })) expect(cookie).toMatch(/; Secure/);
    vi.unstubAllEnvs();
  });

  test("are cleared with Max-Age=0", () => {
    expect(clearedSessionCookies().map((cookie) => /Max-Age=(\d+)/.exec(cookie)?.[1])).toEqual(["0", "0"]);
  });
});
