import { beforeAll, describe, expect, test } from "vitest";
import { createTestKit } from "../../support/callers";
import { outcomeOf } from "../../support/outcome";

let kit: Awaited<ReturnType<typeof createTestKit>>;
beforeAll(async () => {
  kit = await createTestKit();
});

describe("only admins manage users", () => {
  test.each([
    ["anon", "UNAUTHORIZED"],
    ["user", "FORBIDDEN"],
    ["admin", "OK"],
  ] as const)("%s: list -> %s, setRole -> %s", async (kind, outcome) => {
    const { caller } = await kit.callerFor(kind);
    const target = await kit.createUser("user");
    expect(await outcomeOf(caller.user.list({}))).toBe(outcome);
    expect(await outcomeOf(caller.user.setRole({ userId: target.id, role: "admin" }))).toBe(outcome);
  });
});

describe("roles", () => {
  test("an admin promotes a user, who is an admin after signing in again, and demotes them", async () => {
    const { caller } = await kit.callerFor("admin");
    const target = await kit.createUser("user");

    await caller.user.setRole({ userId: target.id, role: "admin" });
    const promoted = await kit.callerWithTokens(await kit.signIn(target.email));
    expect(promoted.session.user?.role).toBe("admin");
    expect(await outcomeOf(promoted.caller.user.list({ limit: 1 }))).toBe("OK");

    await caller.user.setRole({ userId: target.id, role: "user" });
    const demoted = await kit.callerWithTokens(await kit.signIn(target.email));
    expect(demoted.session.user?.role).toBe("user");
  });

  test("the role is an app_metadata flag users cannot write: user_metadata role is ignored", async () => {
    const { caller, account } = await kit.callerFor("user");
    await kit.admin.auth.admin.updateUserById(account.id, { user_metadata: { role: "admin" } });
    const again = await kit.callerWithTokens(await kit.signIn(account.email));
    expect(again.session.user?.role).toBe("user");
    expect(await outcomeOf(caller.user.list({}))).toBe("FORBIDDEN");
  });

  test("the last admin cannot step down; with a second admin they can", async () => {
    // A fresh stack whose only admin is the one created here.
    const alone = await createTestKit();
    const { data } = await alone.admin.auth.admin.listUsers({ perPage: 1000 });
    for (const user of data.users.filter((user) => user.app_metadata.role === "admin")) {
      await alone.admin.auth.admin.updateUserById(user.id, { app_metadata: { role: "user" } });
    }
    const admin = await alone.callerFor("admin");
    const self = admin.account.id;

    expect(await outcomeOf(admin.caller.user.setRole({ userId: self, role: "user" }))).toBe("PRECONDITION_FAILED");

    const other = await alone.createUser("user");
    await admin.caller.user.setRole({ userId: other.id, role: "admin" });
    expect(await outcomeOf(admin.caller.user.setRole({ userId: self, role: "user" }))).toBe("OK");
  }, 30_000);

  // PGlite answers one request at a time, so this proves the change is one call; the lock
  // that keeps two real connections apart is proven in tests/supabase/real-postgres.test.ts.
  test("two admins demoting each other at the same moment leave one admin", async () => {
    const first = await kit.callerFor("admin");
    const second = await kit.callerFor("admin");

    const outcomes = await Promise.all([
      outcomeOf(first.caller.user.setRole({ userId: second.account.id, role: "user" })),
      outcomeOf(second.caller.user.setRole({ userId: first.account.id, role: "user" })),
    ]);

    expect(outcomes.sort()).toEqual(["FORBIDDEN", "OK"]);
    const { data } = await kit.admin.auth.admin.listUsers({ perPage: 1000 });
    const stillAdmin = data.users.filter((user) => [first.account.id, second.account.id].includes(user.id));
    expect(stillAdmin.filter((user) => user.app_metadata.role === "admin")).toHaveLength(1);
  });

  test("a demoted admin whose token still says admin can no longer change roles", async () => {
    const demoted = await kit.callerFor("admin");
    const other = await kit.callerFor("admin");
    await other.caller.user.setRole({ userId: demoted.account.id, role: "user" });

    expect(demoted.session.user?.role).toBe("admin");
    const promoteBack = demoted.caller.user.setRole({ userId: demoted.account.id, role: "admin" });
    expect(await outcomeOf(promoteBack)).toBe("FORBIDDEN");
  });

  test("an unknown user is NOT_FOUND", async () => {
    const { caller } = await kit.callerFor("admin");
    const unknown = "00000000-0000-4000-8000-00000000dead";
    expect(await outcomeOf(caller.user.setRole({ userId: unknown, role: "admin" }))).toBe("NOT_FOUND");
  });
});

test("the user list pages newest first, every user once, with role and username", async () => {
  const { caller } = await kit.callerFor("admin");
  const newest = await kit.createUser("user");
  const ids: string[] = [];
  let cursor = null;
  let first = true;
  do {
    const page: Awaited<ReturnType<typeof caller.user.list>> = await caller.user.list({ limit: 2, cursor });
    if (first) expect(page.items[0]).toMatchObject({ id: newest.id, username: newest.username, role: "user" });
    first = false;
    ids.push(...page.items.map(({ id }) => id));
    cursor = page.nextCursor;
  } while (cursor);
  const { data } = await kit.admin.auth.admin.listUsers({ perPage: 1000 });
  expect(ids.length).toBe(data.users.length);
  expect(new Set(ids)).toEqual(new Set(data.users.map(({ id }) => id)));
});
