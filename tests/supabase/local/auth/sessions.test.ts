import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { LocalStack } from "../../../../supabase/local/stack.ts";
import { startTestStack } from "../../../support/local-stack.ts";
import { anonClient, clientWithToken, PASSWORD, rawAuthRequest, signUpNewUser, uniqueEmail } from "./clients.ts";

let stack: LocalStack;

beforeAll(async () => {
  stack = await startTestStack();
});

afterAll(async () => {
  await stack.db.close();
});

async function refresh(refreshToken: string) {
  return anonClient(stack).auth.refreshSession({ refresh_token: refreshToken });
}

/** Moves a refresh token's last update into the past, as if time had passed since its rotation. */
async function ageRefreshToken(token: string, seconds: number) {
  await stack.db.query(
    "update auth.refresh_tokens set updated_at = updated_at - make_interval(secs => $2) where token = $1",
    [token, seconds],
  );
}

describe("POST /auth/v1/token?grant_type=password", () => {
  it("signs a registered user in and records the sign-in", async () => {
    const { email } = await signUpNewUser(stack);

    const { data, error } = await anonClient(stack).auth.signInWithPassword({
      email: email.toUpperCase(),
      password: PASSWORD,
    });

    expect(error).toBeNull();
    expect(data.user?.email).toBe(email);
    expect(data.session?.access_token).toBeTruthy();
    const { rows } = await stack.db.query("select 1 from auth.sessions where user_id = $1", [data.user?.id]);
    expect(rows).toHaveLength(2);
  });

  it("gives the same invalid_credentials answer for a wrong password and an unknown e-mail", async () => {
    const { email } = await signUpNewUser(stack);

    const wrongPassword = await anonClient(stack).auth.signInWithPassword({ email, password: "wrong password" });
    const unknownEmail = await anonClient(stack).auth.signInWithPassword({ email: uniqueEmail(), password: PASSWORD });

    for (const { data, error } of [wrongPassword, unknownEmail]) {
      expect(data.session).toBeNull();
      expect(error).toMatchObject({ status: 400, code: "invalid_credentials", message: "Invalid login credentials" });
    }
  });

  it("answers an unknown grant type with an OAuth error", async () => {
    const response = await rawAuthRequest(stack, "/token?grant_type=magic", { method: "POST", body: "{}" });

    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({ error: "unsupported_grant_type", error_description: "" });
  });
});

describe("POST /auth/v1/token?grant_type=refresh_token", () => {
  it("rotates: each refresh returns a new refresh token and revokes the old one with a parent chain", async () => {
    const { session } = await signUpNewUser(stack);

    const { data, error } = await refresh(session.refresh_token);

    expect(error).toBeNull();
    expect(data.session?.refresh_token).not.toBe(session.refresh_token);
    expect(data.session?.access_token).not.toBe(session.access_token);
    const { rows } = await stack.db.query<{ token: string; revoked: boolean; parent: string | null }>(
      "select token, revoked, parent from auth.refresh_tokens where session_id = (select session_id from auth.refresh_tokens where token = $1) order by id",
      [session.refresh_token],
    );
    expect(rows).toEqual([
      { token: session.refresh_token, revoked: true, parent: null },
      { token: data.session?.refresh_token, revoked: false, parent: session.refresh_token },
    ]);
  });

  it("answers a reused parent token with the active child token instead of a new one", async () => {
    const { session } = await signUpNewUser(stack);
    const first = await refresh(session.refresh_token);

    const again = await refresh(session.refresh_token);

    expect(again.error).toBeNull();
    expect(again.data.session?.refresh_token).toBe(first.data.session?.refresh_token);
  });

  it("lets an older revoked token be reused within refresh_token_reuse_interval", async () => {
    const { session } = await signUpNewUser(stack);
    const first = await refresh(session.refresh_token);
    await refresh(first.data.session?.refresh_token ?? "");

    const reused = await refresh(session.refresh_token);

    expect(reused.error).toBeNull();
    expect(reused.data.session?.access_token).toBeTruthy();
  });

  it("refuses an older revoked token after the reuse interval and revokes the whole session family", async () => {
    const { session } = await signUpNewUser(stack);
    const first = await refresh(session.refresh_token);
    const second = await refresh(first.data.session?.refresh_token ?? "");
    await ageRefreshToken(session.refresh_token, stack.settings.auth.refresh_token_reuse_interval + 1);

    const reused = await refresh(session.refresh_token);

    expect(reused.data.session).toBeNull();
    expect(reused.error).toMatchObject({
      status: 400,
      code: "refresh_token_already_used",
      message: "Invalid Refresh Token: Already Used",
    });
    const { rows } = await stack.db.query<{ revoked: boolean }>(
      "select revoked from auth.refresh_tokens where session_id = (select session_id from auth.refresh_tokens where token = $1)",
      [session.refresh_token],
    );
    expect(rows.map((row) => row.revoked)).toEqual([true, true, true]);
    // The newest token was only just issued, so it is refused once its own interval has passed too.
    const newest = second.data.session?.refresh_token ?? "";
    await ageRefreshToken(newest, stack.settings.auth.refresh_token_reuse_interval + 1);
    expect((await refresh(newest)).error).toMatchObject({ code: "refresh_token_already_used" });
  });

  it("answers an unknown refresh token with refresh_token_not_found", async () => {
    const { data, error } = await refresh("nosuchtoken1");

    expect(data.session).toBeNull();
    expect(error).toMatchObject({
      status: 400,
      code: "refresh_token_not_found",
      message: "Invalid Refresh Token: Refresh Token Not Found",
    });
  });
});

describe("POST /auth/v1/logout", () => {
  it("global scope ends every session: refresh tokens stop working and /user refuses the access token", async () => {
    const { email, session } = await signUpNewUser(stack);
    const other = await anonClient(stack).auth.signInWithPassword({ email, password: PASSWORD });
    const client = anonClient(stack);
    await client.auth.setSession(session);

    const { error } = await client.auth.signOut();

    expect(error).toBeNull();
    expect((await refresh(session.refresh_token)).error).toMatchObject({ code: "refresh_token_not_found" });
    expect((await refresh(other.data.session?.refresh_token ?? "")).error).toMatchObject({
      code: "refresh_token_not_found",
    });
    const user = await anonClient(stack).auth.getUser(session.access_token);
    // supabase-js turns GoTrue's 403 session_not_found into AuthSessionMissingError.
    expect(user.error).toMatchObject({ name: "AuthSessionMissingError" });
    const raw = await rawAuthRequest(stack, "/user", { headers: { Authorization: `Bearer ${session.access_token}` } });
    expect(raw.status).toBe(403);
    expect(await raw.json()).toEqual({
      code: "session_not_found",
      message: "Session from session_id claim in JWT does not exist",
    });
  });

  it("local scope ends only the current session", async () => {
    const { email, session } = await signUpNewUser(stack);
    const other = await anonClient(stack).auth.signInWithPassword({ email, password: PASSWORD });
    const client = anonClient(stack);
    await client.auth.setSession(session);

    await client.auth.signOut({ scope: "local" });

    expect((await refresh(session.refresh_token)).error).toMatchObject({ code: "refresh_token_not_found" });
    expect((await refresh(other.data.session?.refresh_token ?? "")).error).toBeNull();
  });

  it("others scope keeps the current session and ends the rest", async () => {
    const { email, session } = await signUpNewUser(stack);
    const other = await anonClient(stack).auth.signInWithPassword({ email, password: PASSWORD });

    const { error } = await clientWithToken(stack, session.access_token).auth.admin.signOut(
      session.access_token,
      "others",
    );

    expect(error).toBeNull();
    expect((await refresh(session.refresh_token)).error).toBeNull();
    expect((await refresh(other.data.session?.refresh_token ?? "")).error).toMatchObject({
      code: "refresh_token_not_found",
    });
  });

  it("refuses an unknown scope", async () => {
    const { session } = await signUpNewUser(stack);

    const response = await rawAuthRequest(stack, "/logout?scope=everyone", {
      method: "POST",
      headers: { Authorization: `Bearer ${session.access_token}` },
    });

    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({
      code: "validation_failed",
      message: 'Unsupported logout scope "everyone"',
    });
  });
});
