/**
 * Profiles are born with their auth user, from the sign-up metadata, in the same transaction:
 * a sign-up either yields a user with a profile or nothing at all.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { LocalStack } from "../../supabase/local/stack.ts";
import { startTestStack } from "../support/local-stack.ts";
import { clientFor, PASSWORD, serviceClient } from "./users.ts";

let stack: LocalStack;

beforeAll(async () => {
  stack = await startTestStack();
});

afterAll(async () => {
  await stack.db.close();
});

/** Signs up expecting GoTrue to fail, and returns what it logged, as the server log would show it. */
async function failingSignUp(email: string, data: Record<string, unknown>) {
  const log = vi.spyOn(console, "error").mockImplementation(() => undefined);
  try {
    return { ...(await signUp(email, data)), logged: log.mock.calls.flat().join("\n") };
  } finally {
    log.mockRestore();
  }
}

function signUp(email: string, data: Record<string, unknown>) {
  return clientFor(stack).auth.signUp({ email, password: PASSWORD, options: { data } });
}

async function profileOf(userId: string | undefined) {
  const { rows } = await stack.db.query("select username, display_name from public.profiles where id = $1", [userId]);
  return rows;
}

async function usersWithEmail(email: string) {
  return (await stack.db.query("select 1 from auth.users where email = $1", [email])).rows.length;
}

describe("profile created on sign-up", () => {
  it("takes username and display name from the sign-up metadata", async () => {
    const { data, error } = await signUp("ada@example.com", { username: "ada", display_name: "Ada Lovelace" });

    expect(error).toBeNull();
    expect(await profileOf(data.user?.id)).toEqual([{ username: "ada", display_name: "Ada Lovelace" }]);
  });

  it("gives a user created without a username a unique placeholder", async () => {
    const { data } = await serviceClient(stack).auth.admin.createUser({ email: "nameless@example.com" });

    expect(await profileOf(data.user?.id)).toEqual([
      { username: `user_${data.user?.id.replaceAll("-", "").slice(0, 12)}`, display_name: null },
    ]);
  });

  it("refuses a taken username: sign-up fails and leaves no user behind", async () => {
    await signUp("grace@example.com", { username: "grace" });

    const { data, error, logged } = await failingSignUp("grace2@example.com", { username: "grace" });

    expect(data.user).toBeNull();
    expect(error).toMatchObject({ status: 500, message: "Database error saving new user" });
    expect(logged).toContain('duplicate key value violates unique constraint "profiles_username_key"');
    expect(await usersWithEmail("grace2@example.com")).toBe(0);
  });

  it("reports the taken username as a unique violation on profiles_username_key", async () => {
    await expect(
      stack.db.query(
        `insert into auth.users (id, email, raw_user_meta_data)
         values (gen_random_uuid(), 'clash@example.com', '{"username": "ada"}')`,
      ),
    ).rejects.toMatchObject({ code: "23505", constraint: "profiles_username_key" });
  });

  it("refuses a malformed username: sign-up fails and leaves no user behind", async () => {
    const { error, logged } = await failingSignUp("shouty@example.com", { username: "SHOUTY" });

    expect(error).toMatchObject({ status: 500, message: "Database error saving new user" });
    expect(logged).toContain('violates check constraint "profiles_username_format"');
    expect(await usersWithEmail("shouty@example.com")).toBe(0);
  });
});

describe("deleting a user", () => {
  it("removes their profile, items and todos and keeps their contact messages anonymously", async () => {
    const { data } = await signUp("leaving@example.com", { username: "leaving" });
    const id = data.user?.id;
    await stack.db.query("insert into public.items (author_id, title) values ($1, 'bye')", [id]);
    await stack.db.query("insert into public.todos (owner_id, title) values ($1, 'pack')", [id]);
    await stack.db.query(
      "insert into public.contact_messages (user_id, name, email, message) values ($1, 'L', 'l@example.com', 'bye')",
      [id],
    );

    const { error } = await serviceClient(stack).auth.admin.deleteUser(id ?? "");

    expect(error).toBeNull();
    const { rows } = await stack.db.query(
      `select (select count(*)::int from public.profiles where id = $1) as profiles,
              (select count(*)::int from public.items where author_id = $1) as items,
              (select count(*)::int from public.todos where owner_id = $1) as todos,
              (select count(*)::int from public.contact_messages where message = 'bye' and user_id is null) as anonymous_messages`,
      [id],
    );
    expect(rows).toEqual([{ profiles: 0, items: 0, todos: 0, anonymous_messages: 1 }]);
  });
});

describe("editing a profile", () => {
  it("moves updated_at forward", async () => {
    const { data } = await signUp("editor@example.com", { username: "editor" });
    const session = data.session?.access_token;
    await stack.db.query("update public.profiles set updated_at = '2000-01-01' where id = $1", [data.user?.id]);

    const { data: updated } = await clientFor(stack, session)
      .from("profiles")
      .update({ display_name: "Ed" })
      .eq("id", data.user?.id ?? "")
      .select("display_name, updated_at")
      .single();

    expect(updated?.display_name).toBe("Ed");
    expect(new Date(updated?.updated_at ?? 0).getFullYear()).toBeGreaterThan(2000);
  });
});
