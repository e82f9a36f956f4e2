import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { QUICK_HASH_COST } from "../../../../supabase/local/auth/passwords.ts";
import type { LocalStack } from "../../../../supabase/local/stack.ts";
import { startTestStack } from "../../../support/local-stack.ts";
import { anonClient, PASSWORD, rawAuthRequest, uniqueEmail } from "./clients.ts";

let stack: LocalStack;

beforeAll(async () => {
  stack = await startTestStack();
});

afterAll(async () => {
  await stack.db.close();
});

describe("POST /auth/v1/signup", () => {
  it("creates a confirmed user and returns a session at once when confirmations are off", async () => {
    const email = uniqueEmail("Mixed.Case");
    const { data, error } = await anonClient(stack).auth.signUp({
      email,
      password: PASSWORD,
      options: { data: { username: "ada" } },
    });

    expect(error).toBeNull();
    expect(data.session).toMatchObject({ token_type: "bearer", expires_in: 3600 });
    expect(data.session?.refresh_token).toMatch(/^[a-z0-9]{12}$/);
    expect(data.user).toMatchObject({
      aud: "authenticated",
      role: "authenticated",
      email: email.toLowerCase(),
      phone: "",
      app_metadata: { provider: "email", providers: ["email"] },
      user_metadata: { username: "ada", email: email.toLowerCase(), email_verified: true, phone_verified: false },
      is_anonymous: false,
    });
    expect(data.user?.email_confirmed_at).toBeTruthy();
    expect(data.user?.identities).toHaveLength(1);
    expect(data.user?.identities?.[0]).toMatchObject({ provider: "email", user_id: data.user?.id });
  });

  it("stores the password as a bcrypt hash that pgcrypto verifies", async () => {
    const email = uniqueEmail();
    await anonClient(stack).auth.signUp({ email, password: PASSWORD });

    const { rows } = await stack.db.query<{ hash: string; matches: boolean }>(
      `select encrypted_password as hash, encrypted_password = extensions.crypt($2, encrypted_password) as matches
         from auth.users where email = $1`,
      [email, PASSWORD],
    );
    // At the test stack's cost; passwords.test.ts checks GoTrue's `$2a$10$`.
    expect(rows[0]?.hash?.startsWith(`$2a$0${QUICK_HASH_COST}$`)).toBe(true);
    expect(rows[0]?.matches).toBe(true);
  });

  it("refuses an e-mail that is already registered, in any letter case", async () => {
    const email = uniqueEmail();
    await anonClient(stack).auth.signUp({ email, password: PASSWORD });

    const { data, error } = await anonClient(stack).auth.signUp({ email: email.toUpperCase(), password: PASSWORD });

    expect(data.user).toBeNull();
    expect(error).toMatchObject({ status: 422, code: "user_already_exists", message: "User already registered" });
  });

  it("refuses a password shorter than minimum_password_length with weak_password reasons", async () => {
    const { error } = await anonClient(stack).auth.signUp({ email: uniqueEmail(), password: "short" });

    expect(error).toMatchObject({
      name: "AuthWeakPasswordError",
      status: 422,
      code: "weak_password",
      message: "Password should be at least 8 characters.",
      reasons: ["length"],
    });
  });

  it("refuses a password longer than bcrypt's 72 bytes", async () => {
    const { error } = await anonClient(stack).auth.signUp({ email: uniqueEmail(), password: "x".repeat(73) });

    expect(error).toMatchObject({
      status: 400,
      code: "validation_failed",
      message: "Password cannot be longer than 72 characters",
    });
  });

  it("refuses a malformed e-mail address", async () => {
    const { error } = await anonClient(stack).auth.signUp({ email: "not-an-email", password: PASSWORD });

    expect(error).toMatchObject({
      status: 400,
      code: "validation_failed",
      message: "Unable to validate email address: invalid format",
    });
  });

  it("treats a sign-up without e-mail as an anonymous sign-in, which the project disables", async () => {
    const { error } = await anonClient(stack).auth.signInAnonymously();

    expect(error).toMatchObject({
      status: 422,
      code: "anonymous_provider_disabled",
      message: "Anonymous sign-ins are disabled",
    });
  });

  it("answers bad JSON and wrongly typed fields with bad_json instead of failing", async () => {
    const notJson = await rawAuthRequest(stack, "/signup", { method: "POST", body: "{nope" });
    const wrongType = await rawAuthRequest(stack, "/signup", {
      method: "POST",
      body: JSON.stringify({ email: 42, password: PASSWORD }),
    });

    expect(notJson.status).toBe(400);
    expect(await notJson.json()).toMatchObject({ code: "bad_json" });
    expect(wrongType.status).toBe(400);
    expect(await wrongType.json()).toEqual({
      code: "bad_json",
      message:
        "Could not parse request body as JSON: json: cannot unmarshal number into Go struct field SignupParams.email of type string",
    });
  });

  it("refuses a body over 1 MiB with 413", async () => {
    const response = await rawAuthRequest(stack, "/signup", {
      method: "POST",
      body: JSON.stringify({ email: uniqueEmail(), password: PASSWORD, data: { blob: "x".repeat(1024 * 1024) } }),
    });

    expect(response.status).toBe(413);
    expect(await response.json()).toMatchObject({ code: "validation_failed" });
  });

  it("sends the legacy error body to clients that do not ask for API version 2024-01-01", async () => {
    const response = await rawAuthRequest(stack, "/signup", {
      method: "POST",
      headers: { "X-Supabase-Api-Version": "" },
      body: JSON.stringify({ email: "bad", password: PASSWORD }),
    });

    expect(await response.json()).toEqual({
      code: 400,
      error_code: "validation_failed",
      msg: "Unable to validate email address: invalid format",
    });
  });
});

// The project's own trigger (supabase/migrations/*_profiles.sql) creates a profile per user.
describe("sign-up with a failing trigger on auth.users", () => {
  it("fails with GoTrue's 500 'Database error saving new user' and leaves no user behind", async () => {
    await anonClient(stack).auth.signUp({
      email: uniqueEmail(),
      password: PASSWORD,
      options: { data: { username: "taken_name" } },
    });
    const email = uniqueEmail();

    const { data, error } = await anonClient(stack).auth.signUp({
      email,
      password: PASSWORD,
      options: { data: { username: "taken_name" } },
    });

    expect(data.user).toBeNull();
    // supabase-js reports 5xx answers as retryable fetch errors without a code.
    expect(error).toMatchObject({
      name: "AuthRetryableFetchError",
      status: 500,
      message: "Database error saving new user",
    });
    const users = await stack.db.query("select 1 from auth.users where email = $1", [email]);
    const sessions = await stack.db.query(
      "select 1 from auth.sessions s join auth.users u on u.id = s.user_id where u.email = $1",
      [email],
    );
    expect(users.rows).toHaveLength(0);
    expect(sessions.rows).toHaveLength(0);
  });

  it("lets the trigger see the sign-up metadata and commit its row with the user", async () => {
    const { data } = await anonClient(stack).auth.signUp({
      email: uniqueEmail(),
      password: PASSWORD,
      options: { data: { username: "grace" } },
    });

    const { rows } = await stack.db.query("select username from public.profiles where id = $1", [data.user?.id]);
    expect(rows).toEqual([{ username: "grace" }]);
  });
});
