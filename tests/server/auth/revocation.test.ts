import { decodeJwt } from "jose";
import { beforeAll, describe, expect, test, vi } from "vitest";
import { LIVENESS_CACHE_MS } from "~/server/auth/liveness";
import { resolveSession } from "~/server/auth/session";
import { createContextInner } from "~/server/context";
import { createCaller } from "~/server/routers/_app";
import { createTestKit } from "../../support/callers";

let kit: Awaited<ReturnType<typeof createTestKit>>;
beforeAll(async () => {
  kit = await createTestKit();
});

async function signedInUser() {
  const account = await kit.createUser("user");
  return { account, tokens: await kit.signIn(account.email) };
}

const asRead = { allowCachedLiveness: true };
const asWrite = { allowCachedLiveness: false };

describe("a signed-out session", () => {
  test.each([
    ["cookie", (token: string) => ({ accessTokenCookie: token })],
    ["Bearer", (token: string) => ({ bearerToken: token })],
  ])("is refused at once for mutations, by %s", async (_, credentials) => {
    const { tokens } = await signedInUser();
    const caller = await kit.callerWithTokens(tokens);

    await caller.caller.auth.signOut();
    const session = await resolveSession(kit.project, credentials(tokens.accessToken), asWrite);

    expect(session.user).toBeNull();
  });

  test("is refused for queries once the liveness cache has expired, at most LIVENESS_CACHE_MS later", async () => {
    const { account, tokens } = await signedInUser();
    const credentials = { accessTokenCookie: tokens.accessToken };
    expect((await resolveSession(kit.project, credentials, asRead)).user?.id).toBe(account.id);
    await kit.admin.auth.admin.signOut(tokens.accessToken, "local");

    vi.useFakeTimers({ toFake: ["Date"], now: Date.now() + LIVENESS_CACHE_MS });
    const later = await resolveSession(kit.project, credentials, asRead);
    vi.useRealTimers();

    expect(LIVENESS_CACHE_MS).toBeLessThanOrEqual(30_000);
    expect(later).toEqual({ user: null, accessToken: null, cookies: "clear" });
  });

  test("is refused by another app instance, whose cache still held it live, for mutations at once", async () => {
    const { account, tokens } = await signedInUser();
    vi.resetModules();
    const other = await import("~/server/auth/session");
    const credentials = { accessTokenCookie: tokens.accessToken };
    expect((await other.resolveSession(kit.project, credentials, asRead)).user?.id).toBe(account.id);

    await (await kit.callerWithTokens(tokens)).caller.auth.signOut();

    expect((await other.resolveSession(kit.project, credentials, asWrite)).user).toBeNull();
  });

  test("signing out again answers signedOut and clears the cookies", async () => {
    const { tokens } = await signedInUser();
    await (await kit.callerWithTokens(tokens)).caller.auth.signOut();
    const again = await kit.callerWithTokens(tokens);

    expect(await again.caller.auth.signOut()).toEqual({ signedOut: true });
    expect(again.cookies.every((cookie) => cookie.includes("Max-Age=0"))).toBe(true);
  });

  test("a sign-out racing another one (session gone after the context was built) answers signedOut", async () => {
    const { account, tokens } = await signedInUser();
    const ctx = createContextInner({
      project: kit.project,
      user: { id: account.id, email: account.email, role: "user" },
      accessToken: tokens.accessToken,
    });
    await kit.admin.auth.admin.signOut(tokens.accessToken, "local");

    expect(await createCaller(ctx).auth.signOut()).toEqual({ signedOut: true });
  });
});

describe("global sign-out", () => {
  test("revokes every session of the user, not only the one signing out", async () => {
    const { account } = await signedInUser();
    const laptop = await kit.signIn(account.email);
    const phone = await kit.signIn(account.email);

    await kit.admin.auth.admin.signOut(laptop.accessToken, "global");

    for (const tokens of [laptop, phone]) {
      expect((await resolveSession(kit.project, { accessTokenCookie: tokens.accessToken }, asWrite)).user).toBeNull();
    }
  });

  test("auth.signOutEverywhere: another device's access token is refused at once", async () => {
    const user = await kit.callerFor("user");
    const phone = await kit.signIn(user.account.email);

    await user.caller.auth.signOutEverywhere();

    expect((await resolveSession(kit.project, { bearerToken: phone.accessToken }, asWrite)).user).toBeNull();
  });
});

test("a token naming no session is refused: it could never be revoked", async () => {
  const { tokens } = await signedInUser();
  const { session_id: _, ...claims } = decodeJwt(tokens.accessToken);
  const sessionless = await kit.stack.keys.sign({ ...claims, role: "authenticated" }, 3600);

  expect((await resolveSession(kit.project, { bearerToken: sessionless })).user).toBeNull();
});
