import { exportJWK, generateKeyPair, SignJWT } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { LocalStack } from "../../../../supabase/local/stack.ts";
import { startTestStack } from "../../../support/local-stack.ts";
import { anonClient, PASSWORD, rawAuthRequest, recordingFetch, signUpNewUser } from "./clients.ts";

let stack: LocalStack;

beforeAll(async () => {
  stack = await startTestStack();
});

afterAll(async () => {
  await stack.db.close();
});

function decodeClaims(token: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(token.split(".")[1] ?? "", "base64url").toString());
}

async function getUserStatus(token: string) {
  const response = await rawAuthRequest(stack, "/user", { headers: { Authorization: `Bearer ${token}` } });
  return { status: response.status, body: await response.json() };
}

describe("access tokens", () => {
  it("carry Supabase's claims, signed ES256 with the project's key id", async () => {
    const { session, user } = await signUpNewUser(stack, { username: "ada" });

    const claims = decodeClaims(session.access_token);
    const header = JSON.parse(Buffer.from(session.access_token.split(".")[0] ?? "", "base64url").toString());

    expect(header).toMatchObject({ alg: "ES256", kid: stack.keys.jwks.keys[0]?.kid });
    expect(claims).toMatchObject({
      iss: `${stack.url}/auth/v1`,
      sub: user.id,
      aud: "authenticated",
      role: "authenticated",
      email: user.email,
      phone: "",
      aal: "aal1",
      app_metadata: { provider: "email", providers: ["email"] },
      user_metadata: { username: "ada" },
      is_anonymous: false,
    });
    expect(claims.exp).toBe((claims.iat as number) + 3600);
    expect(claims.amr).toEqual([{ method: "password", timestamp: expect.any(Number) }]);
    expect(typeof claims.session_id).toBe("string");
  });

  it("getClaims() verifies them locally against the JWKS without calling /user", async () => {
    const { email } = await signUpNewUser(stack);
    const recorder = recordingFetch(stack);
    const client = anonClient(stack, recorder.fetch);
    await client.auth.signInWithPassword({ email, password: PASSWORD });

    const { data, error } = await client.auth.getClaims();

    expect(error).toBeNull();
    expect(data?.claims.email).toBe(email);
    expect(recorder.calls).toContain("GET /auth/v1/.well-known/jwks.json");
    expect(recorder.calls).not.toContain("GET /auth/v1/user");
  });

  it("GET /user refuses an expired token with bad_jwt", async () => {
    const { session } = await signUpNewUser(stack);
    const claims = decodeClaims(session.access_token);
    const expired = await stack.keys.sign({ ...claims, role: "authenticated", iat: 1_000, exp: 2_000 }, 1);

    expect(await getUserStatus(expired)).toEqual({
      status: 403,
      body: {
        code: "bad_jwt",
        message: "invalid JWT: unable to parse or verify signature, token has invalid claims: token is expired",
      },
    });
  });

  it("GET /user refuses a token signed with another key and an unsigned alg:none token", async () => {
    const { session } = await signUpNewUser(stack);
    const claims = decodeClaims(session.access_token);
    const { privateKey, publicKey } = await generateKeyPair("ES256");
    const kid = stack.keys.jwks.keys[0]?.kid ?? "";
    expect((await exportJWK(publicKey)).x).not.toBe(stack.keys.jwks.keys[0]?.x);
    const forged = await new SignJWT(claims).setProtectedHeader({ alg: "ES256", kid }).sign(privateKey);
    const unsigned = `${Buffer.from(JSON.stringify({ alg: "none", typ: "JWT" })).toString("base64url")}.${
      session.access_token.split(".")[1]
    }.`;

    for (const token of [forged, unsigned]) {
      const { status, body } = await getUserStatus(token);
      expect(status).toBe(403);
      expect(body.code).toBe("bad_jwt");
    }
  });

  it("GET /user requires a bearer token and refuses the anon key, which names no user", async () => {
    const missing = await rawAuthRequest(stack, "/user");

    expect(missing.status).toBe(401);
    expect(await missing.json()).toEqual({
      code: "no_authorization",
      message: "This endpoint requires a Bearer token",
    });
    expect(await getUserStatus(stack.keys.anonKey)).toEqual({
      status: 403,
      body: { code: "bad_jwt", message: "invalid claim: missing sub claim" },
    });
  });
});

describe("GET and PUT /auth/v1/user", () => {
  it("returns the signed-in user", async () => {
    const { session, user } = await signUpNewUser(stack);

    const { data, error } = await anonClient(stack).auth.getUser(session.access_token);

    expect(error).toBeNull();
    expect(data.user).toMatchObject({ id: user.id, email: user.email, role: "authenticated" });
  });

  it("merges user_metadata and deletes keys set to null", async () => {
    const { session } = await signUpNewUser(stack, { username: "ada_merge", theme: "dark" });
    const client = anonClient(stack);
    await client.auth.setSession(session);

    const { data, error } = await client.auth.updateUser({ data: { theme: null, locale: "fr" } });

    expect(error).toBeNull();
    expect(data.user?.user_metadata).toMatchObject({ username: "ada_merge", locale: "fr" });
    expect(data.user?.user_metadata).not.toHaveProperty("theme");
  });

  it("refuses a user's attempt to set their own app_metadata, leaving it unchanged", async () => {
    const { session, user } = await signUpNewUser(stack);

    // supabase-js types do not offer app_metadata; a hostile client sends it anyway.
    const response = await rawAuthRequest(stack, "/user", {
      method: "PUT",
      headers: { Authorization: `Bearer ${session.access_token}` },
      body: JSON.stringify({ app_metadata: { role: "admin" } }),
    });

    expect(response.status).toBe(403);
    expect(await response.json()).toEqual({
      code: "not_admin",
      message: "Updating app_metadata requires admin privileges",
    });
    const { rows } = await stack.db.query("select raw_app_meta_data from auth.users where id = $1", [user.id]);
    expect(rows).toEqual([{ raw_app_meta_data: { provider: "email", providers: ["email"] } }]);
  });

  it("changes the password, ends the user's other sessions and refuses the same password twice", async () => {
    const { email, session } = await signUpNewUser(stack);
    const other = await anonClient(stack).auth.signInWithPassword({ email, password: PASSWORD });
    const client = anonClient(stack);
    await client.auth.setSession(session);

    const changed = await client.auth.updateUser({ password: "a brand new secret" });
    const again = await client.auth.updateUser({ password: "a brand new secret" });

    expect(changed.error).toBeNull();
    expect(again.error).toMatchObject({
      status: 422,
      code: "same_password",
      message: "New password should be different from the old password.",
    });
    expect((await anonClient(stack).auth.signInWithPassword({ email, password: PASSWORD })).error?.code).toBe(
      "invalid_credentials",
    );
    expect(
      (await anonClient(stack).auth.signInWithPassword({ email, password: "a brand new secret" })).error,
    ).toBeNull();
    expect((await anonClient(stack).auth.getUser(other.data.session?.access_token)).error?.name).toBe(
      "AuthSessionMissingError",
    );
  });

  it("records a new e-mail as pending until confirmed, as GoTrue does", async () => {
    const { session, user } = await signUpNewUser(stack);
    const client = anonClient(stack);
    await client.auth.setSession(session);

    const { data, error } = await client.auth.updateUser({ email: "New.Address@example.com" });

    expect(error).toBeNull();
    expect(data.user).toMatchObject({ email: user.email, new_email: "new.address@example.com" });
  });
});

describe("GET /auth/v1/settings", () => {
  it("reports e-mail sign-up with autoconfirm, as configured in supabase/config.toml", async () => {
    const response = await rawAuthRequest(stack, "/settings");

    expect(await response.json()).toMatchObject({
      external: { email: true, phone: false, anonymous_users: false },
      disable_signup: false,
      mailer_autoconfirm: true,
    });
  });
});
