import { randomUUID } from "node:crypto";
import { TRPCError } from "@trpc/server";
import { beforeAll, describe, expect, test } from "vitest";
import { createContextInner } from "~/server/context";
import { inputErrorsOf } from "~/server/errors";
import { createCaller } from "~/server/routers/_app";
import { createTestKit, TEST_PASSWORD } from "../../support/callers";
import { fieldErrorsOf as fieldErrorsOfCall, outcomeOf } from "../../support/outcome";

let kit: Awaited<ReturnType<typeof createTestKit>>;
type Caller = Awaited<ReturnType<typeof kit.callerFor>>["caller"];
beforeAll(async () => {
  kit = await createTestKit();
});

const newAccount = () => {
  const username = `u_${randomUUID().slice(0, 8)}`;
  return { username, email: `${username}@example.test`, password: TEST_PASSWORD };
};

async function failure(promise: Promise<unknown>) {
  const error = await promise.then(
    () => null,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(TRPCError);
  return error as TRPCError;
}

/** The field errors the client would read from `error.data.zodError.fieldErrors`. */
const fieldErrorsOf = (error: TRPCError) =>
  Object.entries(inputErrorsOf(error.cause)?.fieldErrors ?? {}).map(([field, messages]) => ({
    field,
    message: messages?.join(" "),
  }));

describe("auth.signUp", () => {
  test("creates the user and profile and starts a session in httpOnly cookies", async () => {
    const anon = await kit.callerFor("anon");
    const account = newAccount();

    const result = await anon.caller.auth.signUp(account);

    expect(result).toEqual({ needsEmailConfirmation: false });
    expect(anon.cookies.map((cookie) => cookie.split("=")[0])).toEqual(["sb-access-token", "sb-refresh-token"]);
    for (const cookie of anon.cookies)
      expect(cookie).toMatch(/; HttpOnly; SameSite=Lax$|; Path=\/; HttpOnly; SameSite=Lax/);
    const signedIn = await kit.callerWithTokens(await kit.signIn(account.email));
    expect(await signedIn.caller.auth.me()).toMatchObject({
      email: account.email,
      role: "user",
      profile: { username: account.username, display_name: null },
    });
  });

  test("a taken username is a CONFLICT on the username field and creates no user", async () => {
    const taken = await kit.createUser("user");
    const anon = await kit.callerFor("anon");
    const account = { ...newAccount(), username: taken.username };

    const error = await failure(anon.caller.auth.signUp(account));

    expect(error.code).toBe("CONFLICT");
    expect(fieldErrorsOf(error)).toEqual([{ field: "username", message: "This username is taken" }]);
    const { data } = await kit.admin.auth.admin.listUsers();
    expect(data.users.map((user) => user.email)).not.toContain(account.email);
    expect(anon.cookies).toEqual([]);
  });

  test("an e-mail already registered is a CONFLICT on the email field", async () => {
    const existing = await kit.createUser("user");
    const anon = await kit.callerFor("anon");

    const error = await failure(anon.caller.auth.signUp({ ...newAccount(), email: existing.email }));

    expect(error.code).toBe("CONFLICT");
    expect(fieldErrorsOf(error)).toEqual([{ field: "email", message: "An account with this email already exists" }]);
  });

  test.each([
    ["a short password", { password: "short" }, "password"],
    ["an invalid e-mail", { email: "not-an-email" }, "email"],
    ["a username with capitals", { username: "Alice" }, "username"],
  ])("%s is a BAD_REQUEST with a field error", async (_, override, field) => {
    const anon = await kit.callerFor("anon");

    const error = await failure(anon.caller.auth.signUp({ ...newAccount(), ...override }));

    expect(error.code).toBe("BAD_REQUEST");
    expect(fieldErrorsOf(error)?.map((issue) => issue.field)).toEqual([field]);
  });
});

describe("auth.signIn", () => {
  test("the right password starts a session", async () => {
    const account = await kit.createUser("user");
    const anon = await kit.callerFor("anon");

    const result = await anon.caller.auth.signIn({ email: account.email, password: TEST_PASSWORD });

    expect(result.userId).toBe(account.id);
    expect(anon.cookies).toHaveLength(2);
  });

  test("a wrong password and an unknown e-mail get the same UNAUTHORIZED message", async () => {
    const account = await kit.createUser("user");
    const anon = await kit.callerFor("anon");

    const wrongPassword = await failure(
      anon.caller.auth.signIn({ email: account.email, password: "not the password" }),
    );
    const unknownEmail = await failure(
      anon.caller.auth.signIn({ email: "nobody@example.test", password: TEST_PASSWORD }),
    );

    expect(wrongPassword.code).toBe("UNAUTHORIZED");
    expect(wrongPassword.message).toBe("Email or password is incorrect");
    expect(unknownEmail.code).toBe(wrongPassword.code);
    expect(unknownEmail.message).toBe(wrongPassword.message);
  });
});

describe("auth.signOut", () => {
  test("clears the cookies and revokes the refresh token", async () => {
    const account = await kit.createUser("user");
    const tokens = await kit.signIn(account.email);
    const caller = await kit.callerWithTokens(tokens);

    await caller.caller.auth.signOut();

    expect(caller.cookies.every((cookie) => cookie.includes("Max-Age=0"))).toBe(true);
    const { error } = await kit.admin.auth.refreshSession({ refresh_token: tokens.refreshToken });
    expect(error?.code).toMatch(/refresh_token_(not_found|already_used)|session_not_found/);
  });

  test("answers signedOut for anon too: signing out is idempotent", async () => {
    const anon = await kit.callerFor("anon");

    expect(await anon.caller.auth.signOut()).toEqual({ signedOut: true });
  });
});

describe("auth.me", () => {
  test("is null for anon", async () => {
    const anon = await kit.callerFor("anon");

    expect(await anon.caller.auth.me()).toBeNull();
  });

  test("reports the admin role from app_metadata", async () => {
    const admin = await kit.callerFor("admin");

    expect(await admin.caller.auth.me()).toMatchObject({
      role: "admin",
      profile: { username: admin.account.username },
    });
  });
});

describe("rate limits", () => {
  test("the 11th sign-in attempt from one IP within 5 minutes is TOO_MANY_REQUESTS, another IP is unaffected", async () => {
    const account = await kit.createUser("user");
    const fromIp = (clientIp: string) => createCaller(createContextInner({ project: kit.project, clientIp }));
    const attacker = fromIp("203.0.113.7");
    const wrong = { email: account.email, password: "guess-guess" };

    const outcomes = [];
    for (let attempt = 0; attempt < 11; attempt++) outcomes.push((await failure(attacker.auth.signIn(wrong))).code);
    const neighbour = await fromIp("203.0.113.8").auth.signIn({ email: account.email, password: TEST_PASSWORD });

    expect(outcomes).toEqual([...Array(10).fill("UNAUTHORIZED"), "TOO_MANY_REQUESTS"]);
    expect(neighbour.userId).toBe(account.id);
  });
});

describe("account", () => {
  test("changing the password needs the current one, and the new one signs in", async () => {
    const user = await kit.callerFor("user");
    const wrong = await user.caller.auth
      .changePassword({ currentPassword: "not it at all", newPassword: "a brand new secret" })
      .catch((error) => error);
    expect(wrong.code).toBe("BAD_REQUEST");
    expect(inputErrorsOf(wrong.cause)?.fieldErrors).toEqual({ currentPassword: ["This is not your current password"] });

    await user.caller.auth.changePassword({ currentPassword: TEST_PASSWORD, newPassword: "a brand new secret" });

    await expect(kit.signIn(user.account.email)).rejects.toThrow();
    await expect(kit.signIn(user.account.email, "a brand new secret")).resolves.toBeTruthy();
  });

  test("changing the password revokes the other sessions and keeps this one", async () => {
    const user = await kit.callerFor("user");
    const elsewhere = await kit.signIn(user.account.email);

    await user.caller.auth.changePassword({ currentPassword: TEST_PASSWORD, newPassword: "another new secret" });

    expect((await kit.callerWithTokens({ refreshToken: elsewhere.refreshToken })).session.user).toBeNull();
    expect(await user.caller.auth.me()).toMatchObject({ id: user.account.id });
  });

  test("sign out everywhere revokes the refresh tokens of every session", async () => {
    const user = await kit.callerFor("user");
    const phone = await kit.signIn(user.account.email);

    await user.caller.auth.signOutEverywhere();

    expect(user.cookies.at(-1)).toMatch(/Max-Age=0/);
    expect((await kit.callerWithTokens({ refreshToken: phone.refreshToken })).session.user).toBeNull();
  });
});

describe("who may change the account", () => {
  test.each([
    ["changePassword", { currentPassword: TEST_PASSWORD, newPassword: "whatever new" }],
    ["signOutEverywhere", undefined],
  ] as const)("anon calling %s is UNAUTHORIZED", async (procedure, input) => {
    const anon = await kit.callerFor("anon");
    const call =
      procedure === "changePassword"
        ? anon.caller.auth.changePassword(input as never)
        : anon.caller.auth.signOutEverywhere();
    expect(await outcomeOf(call)).toBe("UNAUTHORIZED");
  });
});

describe("NUL bytes are field errors, never database failures", () => {
  test.each([
    [
      "signIn password",
      (caller: Caller) => caller.auth.signIn({ email: "a@example.test", password: "a\u0000b" }),
      "password",
    ],
    ["signUp username", (caller: Caller) => caller.auth.signUp({ ...newAccount(), username: "ab\u0000c" }), "username"],
    [
      "profile displayName",
      (caller: Caller) => caller.profile.update({ username: "someone", displayName: "A\u0000" }),
      "displayName",
    ],
    [
      "changePassword newPassword",
      (caller: Caller) =>
        caller.auth.changePassword({ currentPassword: TEST_PASSWORD, newPassword: "new\u0000password" }),
      "newPassword",
    ],
  ] as const)("%s", async (_, call, field) => {
    const user = await kit.callerFor("user");
    expect(Object.keys((await fieldErrorsOfCall(call(user.caller))).fieldErrors)).toEqual([field]);
  });
});
