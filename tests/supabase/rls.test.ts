/**
 * Who may do what, through supabase-js and the REST API exactly as the app calls them: every
 * table x every kind of caller x select/insert/update/delete, the expected outcome written in
 * the matrix, then the attacks the matrix alone does not spell out.
 */
import { randomUUID } from "node:crypto";
import type { PostgrestError, SupabaseClient } from "@supabase/supabase-js";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { LocalStack } from "../../supabase/local/stack.ts";
import { startTestStack } from "../support/local-stack.ts";
import { clientFor, createCast, createUser, PASSWORD, serviceClient, signIn, type TestUser } from "./users.ts";

type Actor = "anon" | "userA" | "userB" | "admin" | "service_role";
type Action = "select" | "insert" | "update" | "delete";
type Table = "profiles" | "items" | "todos" | "contact_messages";
/** Whose fixture rows a caller sees: A, B, the admin, or an anonymous sender. */
type Owner = "A" | "B" | "admin" | "anonymous";

type Outcome =
  | { kind: "sees"; owners: Owner[] }
  | { kind: "done" }
  | { kind: "filtered" }
  | { kind: "refused"; status: number; code: string };

const sees = (...owners: Owner[]): Outcome => ({ kind: "sees", owners });
/** The write went through and its effect is in the database. */
const DONE: Outcome = { kind: "done" };
/** Answered 2xx but RLS hid the row: nothing changed. */
const FILTERED: Outcome = { kind: "filtered" };
const refused = (status: number, code: string): Outcome => ({ kind: "refused", status, code });
const NO_GRANT_ANON = refused(401, "42501");
const NO_GRANT = refused(403, "42501");

// Update and delete always target a row of user A's.
const MATRIX: Record<Table, Record<Action, Record<Actor, Outcome>>> = {
  profiles: {
    select: {
      anon: sees("A", "B", "admin"),
      userA: sees("A", "B", "admin"),
      userB: sees("A", "B", "admin"),
      admin: sees("A", "B", "admin"),
      service_role: sees("A", "B", "admin"),
    },
    // Profiles only come from sign-up; even the service role needs an auth user first.
    insert: {
      anon: NO_GRANT_ANON,
      userA: NO_GRANT,
      userB: NO_GRANT,
      admin: NO_GRANT,
      service_role: refused(409, "23503"),
    },
    update: { anon: NO_GRANT_ANON, userA: DONE, userB: FILTERED, admin: FILTERED, service_role: DONE },
    delete: { anon: NO_GRANT_ANON, userA: NO_GRANT, userB: NO_GRANT, admin: NO_GRANT, service_role: DONE },
  },
  items: {
    select: {
      anon: sees("A", "B"),
      userA: sees("A", "B"),
      userB: sees("A", "B"),
      admin: sees("A", "B"),
      service_role: sees("A", "B"),
    },
    insert: { anon: NO_GRANT_ANON, userA: DONE, userB: DONE, admin: DONE, service_role: DONE },
    update: { anon: NO_GRANT_ANON, userA: NO_GRANT, userB: NO_GRANT, admin: NO_GRANT, service_role: DONE },
    delete: { anon: NO_GRANT_ANON, userA: DONE, userB: FILTERED, admin: DONE, service_role: DONE },
  },
  todos: {
    select: {
      anon: NO_GRANT_ANON,
      userA: sees("A"),
      userB: sees("B"),
      admin: sees(),
      service_role: sees("A", "B"),
    },
    insert: { anon: NO_GRANT_ANON, userA: DONE, userB: DONE, admin: DONE, service_role: DONE },
    update: { anon: NO_GRANT_ANON, userA: DONE, userB: FILTERED, admin: FILTERED, service_role: DONE },
    delete: { anon: NO_GRANT_ANON, userA: DONE, userB: FILTERED, admin: FILTERED, service_role: DONE },
  },
  contact_messages: {
    select: {
      anon: NO_GRANT_ANON,
      userA: sees(),
      userB: sees(),
      admin: sees("A", "anonymous"),
      service_role: sees("A", "anonymous"),
    },
    insert: { anon: DONE, userA: DONE, userB: DONE, admin: DONE, service_role: DONE },
    update: { anon: NO_GRANT_ANON, userA: FILTERED, userB: FILTERED, admin: DONE, service_role: DONE },
    delete: { anon: NO_GRANT_ANON, userA: FILTERED, userB: FILTERED, admin: DONE, service_role: DONE },
  },
};

/** The fixture row of user A's that update and delete aim at, and what each action writes. */
const TARGETS: Record<Table, { idOfA: () => string | number; update: Record<string, unknown> }> = {
  profiles: { idOfA: () => cast.userA.id, update: { display_name: "Changed" } },
  items: { idOfA: () => 1, update: { title: "changed" } },
  todos: { idOfA: () => 1, update: { title: "changed" } },
  contact_messages: { idOfA: () => 1, update: { status: "archived" } },
};

/** A new row as `actor` would send it; the service role has no auth.uid(), so it names the owner. */
function newRow(table: Table, actor: Actor): Record<string, unknown> {
  const onBehalf = actor === "service_role";
  switch (table) {
    case "profiles":
      return { id: randomUUID(), username: "newcomer" };
    case "items":
      return { title: "newcomer", ...(onBehalf && { author_id: cast.userA.id }) };
    case "todos":
      return { title: "newcomer", ...(onBehalf && { owner_id: cast.userA.id }) };
    case "contact_messages":
      return { name: "newcomer", email: "new@example.com", message: "hello" };
  }
}

let stack: LocalStack;
let cast: Awaited<ReturnType<typeof createCast>>;
let clients: Record<Actor, SupabaseClient>;

beforeAll(async () => {
  stack = await startTestStack();
  cast = await createCast(stack);
  clients = {
    anon: clientFor(stack),
    userA: cast.userA.client,
    userB: cast.userB.client,
    admin: cast.admin.client,
    service_role: serviceClient(stack),
  };
});

afterAll(async () => {
  await stack.db.close();
});

/** Every case starts from the same rows: one per owner in each table, with known ids. */
beforeEach(async () => {
  const { userA: a, userB: b, admin } = cast;
  await stack.db.exec(`
    delete from public.contact_messages;
    delete from public.todos;
    delete from public.items;
    insert into public.profiles (id, username) values
      ('${a.id}', 'user_a'), ('${b.id}', 'user_b'), ('${admin.id}', 'site_admin')
      on conflict (id) do update set username = excluded.username, display_name = null;
    insert into public.items (id, author_id, title) overriding system value values
      (1, '${a.id}', 'item of A'), (2, '${b.id}', 'item of B');
    insert into public.todos (id, owner_id, title) overriding system value values
      (1, '${a.id}', 'todo of A'), (2, '${b.id}', 'todo of B');
    insert into public.contact_messages (id, user_id, name, email, message) overriding system value values
      (1, '${a.id}', 'A', 'a@example.com', 'from A'), (2, null, 'Visitor', 'v@example.com', 'from a visitor');
    select setval(pg_get_serial_sequence('public.' || t, 'id'), 100)
      from unnest(array['items', 'todos', 'contact_messages']) as t;`);
});

function ownerOf(table: Table, row: Record<string, unknown>): Owner {
  const ownerColumn = { profiles: "id", items: "author_id", todos: "owner_id", contact_messages: "user_id" }[table];
  const ownerId = row[ownerColumn];
  if (ownerId === cast.userA.id) return "A";
  if (ownerId === cast.userB.id) return "B";
  if (ownerId === cast.admin.id) return "admin";
  return "anonymous";
}

async function sqlCount(sql: string, params: unknown[]) {
  const { rows } = await stack.db.query<{ count: number }>(`select count(*)::int as count from ${sql}`, params);
  return rows[0]?.count ?? 0;
}

/** Runs one action and reports what happened in the matrix's terms. */
async function attempt(table: Table, actor: Actor, action: Action): Promise<Outcome> {
  const client = clients[actor];
  const target = TARGETS[table];
  let error: PostgrestError | null;
  let status: number;
  let took: () => Promise<boolean>;
  if (action === "select") {
    const result = await client.from(table).select("*");
    if (result.error) return refused(result.status, result.error.code);
    return sees(...(result.data ?? []).map((row) => ownerOf(table, row)).sort());
  }
  if (action === "insert") {
    ({ error, status } = await client.from(table).insert(newRow(table, actor)));
    const marker = table === "profiles" ? "username" : table === "contact_messages" ? "name" : "title";
    took = async () => (await sqlCount(`public.${table} where ${marker} = 'newcomer'`, [])) === 1;
  } else if (action === "update") {
    ({ error, status } = await client.from(table).update(target.update).eq("id", target.idOfA()));
    const [column, value] = Object.entries(target.update)[0] as [string, unknown];
    took = async () =>
      (await sqlCount(`public.${table} where id = $1 and ${column} = $2`, [target.idOfA(), value])) === 1;
  } else {
    ({ error, status } = await client.from(table).delete().eq("id", target.idOfA()));
    took = async () => (await sqlCount(`public.${table} where id = $1`, [target.idOfA()])) === 0;
  }
  if (error) return refused(status, error.code);
  return (await took()) ? DONE : FILTERED;
}

function describeOutcome(outcome: Outcome) {
  switch (outcome.kind) {
    case "sees":
      return outcome.owners.length ? `sees the rows of ${outcome.owners.join(", ")}` : "sees no rows";
    case "done":
      return "succeeds";
    case "filtered":
      return "matches no row, changes nothing";
    case "refused":
      return `is refused with ${outcome.status} ${outcome.code}`;
  }
}

const cases = Object.entries(MATRIX).flatMap(([table, actions]) =>
  Object.entries(actions).flatMap(([action, actors]) =>
    Object.entries(actors).map(([actor, expected]) => ({
      name: `${table}: ${actor} ${action} ${describeOutcome(expected)}`,
      table: table as Table,
      action: action as Action,
      actor: actor as Actor,
      expected,
    })),
  ),
);

describe("RLS matrix (update and delete aim at user A's row)", () => {
  it.each(cases)("$name", async ({ table, action, actor, expected }) => {
    expect(await attempt(table, actor, action)).toEqual(expected);
  });
});

describe("attacks the matrix does not spell out", () => {
  it("user B cannot read user A's todo, even by id", async () => {
    const { data, error } = await cast.userB.client.from("todos").select("id, title").eq("id", 1);
    expect(error).toBeNull();
    expect(data).toEqual([]);
  });

  it("user A cannot post an item authored by user B (RLS with check: 403 42501)", async () => {
    const result = await cast.userA.client.from("items").insert({ author_id: cast.userB.id, title: "forged" });
    expect(result).toMatchObject({ status: 403, error: { code: "42501" } });
    expect(await sqlCount("public.items where title = 'forged'", [])).toBe(0);
  });

  it("an item's author is the caller when the client names none", async () => {
    const { data, error } = await cast.userA.client
      .from("items")
      .insert({ title: "mine" })
      .select("author_id")
      .single();
    expect(error).toBeNull();
    expect(data).toEqual({ author_id: cast.userA.id });
  });

  it("user A cannot backdate an item: created_at is not insertable (403 42501)", async () => {
    const result = await cast.userA.client
      .from("items")
      .insert({ title: "old news", created_at: "2000-01-01T00:00:00Z" });
    expect(result).toMatchObject({ status: 403, error: { code: "42501" } });
  });

  it("user A cannot create a todo owned by user B (RLS with check: 403 42501)", async () => {
    const result = await cast.userA.client.from("todos").insert({ owner_id: cast.userB.id, title: "chore for B" });
    expect(result).toMatchObject({ status: 403, error: { code: "42501" } });
  });

  it("user A cannot hand their todo to user B: owner_id is not updatable (403 42501)", async () => {
    const result = await cast.userA.client.from("todos").update({ owner_id: cast.userB.id }).eq("id", 1);
    expect(result).toMatchObject({ status: 403, error: { code: "42501" } });
    expect(await sqlCount("public.todos where id = 1 and owner_id = $1", [cast.userA.id])).toBe(1);
  });

  it("updating a todo moves its updated_at forward", async () => {
    await stack.db.exec("update public.todos set updated_at = '2000-01-01' where id = 1");
    const { data } = await cast.userA.client
      .from("todos")
      .update({ done: true })
      .eq("id", 1)
      .select("done, updated_at");
    expect(data).toHaveLength(1);
    expect(data?.[0]?.done).toBe(true);
    expect(new Date(data?.[0]?.updated_at ?? 0).getFullYear()).toBeGreaterThan(2000);
  });

  it("user A cannot rename user B's username (no row matches)", async () => {
    const { data, error } = await cast.userA.client
      .from("profiles")
      .update({ username: "hijacked" })
      .eq("id", cast.userB.id)
      .select();
    expect(error).toBeNull();
    expect(data).toEqual([]);
  });

  it("user A cannot send a contact message in user B's name (403 42501)", async () => {
    const result = await cast.userA.client
      .from("contact_messages")
      .insert({ user_id: cast.userB.id, name: "B", email: "b@example.com", message: "forged" });
    expect(result).toMatchObject({ status: 403, error: { code: "42501" } });
  });

  it("anon cannot choose a contact message's status (401 42501)", async () => {
    const result = await clients.anon
      .from("contact_messages")
      .insert({ name: "V", email: "v@example.com", message: "hi", status: "archived" });
    expect(result).toMatchObject({ status: 401, error: { code: "42501" } });
  });

  it("a signed-in sender's contact message records who sent it", async () => {
    const { error } = await cast.userB.client
      .from("contact_messages")
      .insert({ name: "B", email: "b@example.com", message: "signed" });
    expect(error).toBeNull();
    expect(await sqlCount("public.contact_messages where message = 'signed' and user_id = $1", [cast.userB.id])).toBe(
      1,
    );
  });

  it("anyone reads items with their author's username embedded", async () => {
    const { data, error } = await clients.anon
      .from("items")
      .select("id, title, author:profiles(username)")
      .order("created_at", { ascending: false })
      .order("id", { ascending: false });
    expect(error).toBeNull();
    expect(data).toEqual([
      { id: 2, title: "item of B", author: { username: "user_b" } },
      { id: 1, title: "item of A", author: { username: "user_a" } },
    ]);
  });

  it("is_admin() is true only for the admin, and anon may not call it", async () => {
    expect((await cast.admin.client.rpc("is_admin")).data).toBe(true);
    expect((await cast.userA.client.rpc("is_admin")).data).toBe(false);
    expect(await clients.anon.rpc("is_admin")).toMatchObject({ status: 401, error: { code: "42501" } });
  });
});

describe("admin rights come from app_metadata only", () => {
  let climber: TestUser;

  beforeAll(async () => {
    climber = await createUser(stack, "climber");
  });

  it("a user cannot make themself admin by updating their metadata", async () => {
    const signedIn = clientFor(stack);
    await signedIn.auth.signInWithPassword({ email: climber.email, password: PASSWORD });
    const { data, error } = await signedIn.auth.updateUser({ data: { role: "admin" } });
    expect(error).toBeNull();
    expect(data.user?.user_metadata.role).toBe("admin");
    expect(data.user?.app_metadata.role).toBeUndefined();

    const session = await signIn(stack, climber.email);
    const claims = JSON.parse(Buffer.from(session.access_token.split(".")[1] ?? "", "base64url").toString());
    expect(claims.app_metadata.role).toBeUndefined();
    const fresh = clientFor(stack, session.access_token);
    expect(await fresh.from("contact_messages").select("id")).toMatchObject({ data: [], error: null });
    expect((await fresh.rpc("is_admin")).data).toBe(false);
  });
});
