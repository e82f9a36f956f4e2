import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { LocalStack } from "../../../../supabase/local/stack.ts";
import { startTestStack } from "../../../support/local-stack.ts";
import {
  anonClient,
  clientWithToken,
  PASSWORD,
  rawAuthRequest,
  serviceClient,
  signUpNewUser,
  uniqueEmail,
} from "./clients.ts";

let stack: LocalStack;

beforeAll(async () => {
  stack = await startTestStack();
});

afterAll(async () => {
  await stack.db.close();
});

describe("admin endpoints", () => {
  it("refuse the anon key and user tokens with not_admin", async () => {
    const { session } = await signUpNewUser(stack);

    for (const client of [anonClient(stack), clientWithToken(stack, session.access_token)]) {
      const { data, error } = await client.auth.admin.listUsers();
      expect(data.users).toEqual([]);
      expect(error).toMatchObject({ status: 403, code: "not_admin", message: "User not allowed" });
    }
  });

  it("create a confirmed user with metadata who can then sign in", async () => {
    const email = uniqueEmail();

    const { data, error } = await serviceClient(stack).auth.admin.createUser({
      email,
      password: PASSWORD,
      email_confirm: true,
      user_metadata: { username: "root" },
      app_metadata: { role: "admin" },
    });

    expect(error).toBeNull();
    expect(data.user).toMatchObject({
      email,
      role: "authenticated",
      app_metadata: { provider: "email", providers: ["email"], role: "admin" },
      user_metadata: { username: "root", email_verified: true },
    });
    const signIn = await anonClient(stack).auth.signInWithPassword({ email, password: PASSWORD });
    expect(signIn.error).toBeNull();
    expect(signIn.data.user?.app_metadata.role).toBe("admin");
  });

  it("create refuses an e-mail that is already registered with email_exists", async () => {
    const { email } = await signUpNewUser(stack);

    const { error } = await serviceClient(stack).auth.admin.createUser({ email, password: PASSWORD });

    expect(error).toMatchObject({
      status: 422,
      code: "email_exists",
      message: "A user with this email address has already been registered",
    });
  });

  it("create leaves an unconfirmed user unable to sign in", async () => {
    const email = uniqueEmail();
    await serviceClient(stack).auth.admin.createUser({ email, password: PASSWORD });

    const { error } = await anonClient(stack).auth.signInWithPassword({ email, password: PASSWORD });

    expect(error).toMatchObject({ status: 400, code: "email_not_confirmed", message: "Email not confirmed" });
  });

  it("list users page by page with GoTrue's pagination headers", async () => {
    await signUpNewUser(stack);
    await signUpNewUser(stack);
    const { rows } = await stack.db.query<{ count: number }>("select count(*)::int as count from auth.users");
    const total = rows[0]?.count ?? 0;

    const { data, error } = await serviceClient(stack).auth.admin.listUsers({ page: 1, perPage: 1 });

    expect(error).toBeNull();
    expect(data.users).toHaveLength(1);
    expect(data).toMatchObject({ aud: "authenticated", total, nextPage: 2, lastPage: total });
  });

  it("get a user by id, and answer unknown or malformed ids with 404", async () => {
    const { user } = await signUpNewUser(stack);
    const admin = serviceClient(stack).auth.admin;

    const found = await admin.getUserById(user.id);
    const unknown = await admin.getUserById(crypto.randomUUID());
    // supabase-js refuses a malformed id before sending it; other clients reach GoTrue.
    const malformed = await rawAuthRequest(stack, "/admin/users/not-a-uuid", {
      headers: { Authorization: `Bearer ${stack.keys.serviceRoleKey}` },
    });

    expect(found.data.user?.email).toBe(user.email);
    expect(unknown.error).toMatchObject({ status: 404, code: "user_not_found", message: "User not found" });
    expect(malformed.status).toBe(404);
    expect(await malformed.json()).toEqual({ code: "validation_failed", message: "user_id must be an UUID" });
  });

  it("update app_metadata, which then reaches the user's next access token", async () => {
    const { email, user } = await signUpNewUser(stack);

    const { data, error } = await serviceClient(stack).auth.admin.updateUserById(user.id, {
      app_metadata: { role: "moderator" },
      user_metadata: { bio: "hi" },
    });
    const signIn = await anonClient(stack).auth.signInWithPassword({ email, password: PASSWORD });
    const claims = JSON.parse(
      Buffer.from(signIn.data.session?.access_token.split(".")[1] ?? "", "base64url").toString(),
    );

    expect(error).toBeNull();
    expect(data.user?.app_metadata).toEqual({ provider: "email", providers: ["email"], role: "moderator" });
    expect(data.user?.user_metadata).toMatchObject({ bio: "hi" });
    expect(claims.app_metadata.role).toBe("moderator");
  });

  it("ban a user, which stops sign-in and refresh, and lift the ban with 'none'", async () => {
    const { email, user, session } = await signUpNewUser(stack);
    const admin = serviceClient(stack).auth.admin;

    const banned = await admin.updateUserById(user.id, { ban_duration: "24h" });
    const signIn = await anonClient(stack).auth.signInWithPassword({ email, password: PASSWORD });
    const refresh = await anonClient(stack).auth.refreshSession({ refresh_token: session.refresh_token });
    await admin.updateUserById(user.id, { ban_duration: "none" });
    const afterLift = await anonClient(stack).auth.signInWithPassword({ email, password: PASSWORD });

    expect(banned.data.user?.banned_until).toBeTruthy();
    expect(signIn.error).toMatchObject({ status: 400, code: "user_banned", message: "User is banned" });
    expect(refresh.error).toMatchObject({ status: 400, code: "user_banned" });
    expect(afterLift.error).toBeNull();
  });

  it("update refuses a malformed ban duration", async () => {
    const { user } = await signUpNewUser(stack);

    const { error } = await serviceClient(stack).auth.admin.updateUserById(user.id, { ban_duration: "forever" });

    expect(error).toMatchObject({
      status: 400,
      code: "validation_failed",
      message: 'invalid format for ban duration: time: invalid duration "forever"',
    });
  });

  it("delete a user with their sessions", async () => {
    const { user, session } = await signUpNewUser(stack);

    const { error } = await serviceClient(stack).auth.admin.deleteUser(user.id);

    expect(error).toBeNull();
    expect((await stack.db.query("select 1 from auth.users where id = $1", [user.id])).rows).toHaveLength(0);
    const refresh = await anonClient(stack).auth.refreshSession({ refresh_token: session.refresh_token });
    expect(refresh.error).toMatchObject({ code: "refresh_token_not_found" });
  });

  it("soft-delete a user, keeping the row but making it unusable for sign-in", async () => {
    const { email, user } = await signUpNewUser(stack);

    const { error } = await serviceClient(stack).auth.admin.deleteUser(user.id, true);

    expect(error).toBeNull();
    const { rows } = await stack.db.query<{ deleted: boolean }>(
      "select deleted_at is not null as deleted from auth.users where id = $1",
      [user.id],
    );
    expect(rows).toEqual([{ deleted: true }]);
    expect((await anonClient(stack).auth.signInWithPassword({ email, password: PASSWORD })).error?.code).toBe(
      "invalid_credentials",
    );
  });
});
