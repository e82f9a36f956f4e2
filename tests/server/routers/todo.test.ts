import { beforeAll, describe, expect, test } from "vitest";
import { createTestKit } from "../../support/callers";
import { fieldErrorsOf, outcomeOf } from "../../support/outcome";

let kit: Awaited<ReturnType<typeof createTestKit>>;
let alice: Awaited<ReturnType<typeof kit.callerFor>>;
let bob: Awaited<ReturnType<typeof kit.callerFor>>;
let admin: Awaited<ReturnType<typeof kit.callerFor>>;
let anon: Awaited<ReturnType<typeof kit.callerFor>>;
beforeAll(async () => {
  kit = await createTestKit();
  [alice, bob, admin, anon] = await Promise.all([
    kit.callerFor("user"),
    kit.callerFor("user"),
    kit.callerFor("admin"),
    kit.callerFor("anon"),
  ]);
});

const aliceTodo = (title = "Alice's") => alice.caller.todo.create({ title });

describe("a to-do is its owner's alone", () => {
  // Another user's id is NOT_FOUND, exactly like an id that does not exist: no existence leak.
  const actions = {
    list: (caller: typeof anon.caller) => caller.todo.list({}),
    counts: (caller: typeof anon.caller) => caller.todo.counts(),
    create: (caller: typeof anon.caller) => caller.todo.create({ title: "mine" }),
    "rename alice's": async (caller: typeof anon.caller) =>
      caller.todo.update({ id: (await aliceTodo()).id, title: "renamed" }),
    "toggle alice's": async (caller: typeof anon.caller) =>
      caller.todo.update({ id: (await aliceTodo()).id, done: true }),
    "delete alice's": async (caller: typeof anon.caller) => caller.todo.delete({ id: (await aliceTodo()).id }),
    clearCompleted: (caller: typeof anon.caller) => caller.todo.clearCompleted(),
  };
  const expected: Record<keyof typeof actions, Record<"anon" | "alice" | "bob" | "admin", string>> = {
    list: { anon: "UNAUTHORIZED", alice: "OK", bob: "OK", admin: "OK" },
    counts: { anon: "UNAUTHORIZED", alice: "OK", bob: "OK", admin: "OK" },
    create: { anon: "UNAUTHORIZED", alice: "OK", bob: "OK", admin: "OK" },
    "rename alice's": { anon: "UNAUTHORIZED", alice: "OK", bob: "NOT_FOUND", admin: "NOT_FOUND" },
    "toggle alice's": { anon: "UNAUTHORIZED", alice: "OK", bob: "NOT_FOUND", admin: "NOT_FOUND" },
    "delete alice's": { anon: "UNAUTHORIZED", alice: "OK", bob: "NOT_FOUND", admin: "NOT_FOUND" },
    clearCompleted: { anon: "UNAUTHORIZED", alice: "OK", bob: "OK", admin: "OK" },
  };
  for (const [action, outcomes] of Object.entries(expected)) {
    for (const [who, outcome] of Object.entries(outcomes)) {
      test(`${who}: ${action} -> ${outcome}`, async () => {
        const caller = { anon, alice, bob, admin }[who as keyof typeof outcomes].caller;
        expect(await outcomeOf(actions[action as keyof typeof actions](caller))).toBe(outcome);
      });
    }
  }

  test("bob's list and counts never include alice's to-dos, and bob's clear leaves hers", async () => {
    const todo = await aliceTodo("private");
    await alice.caller.todo.update({ id: todo.id, done: true });
    await bob.caller.todo.clearCompleted();

    const bobs = await bob.caller.todo.list({ limit: 100 });
    expect(bobs.items.map(({ id }) => id)).not.toContain(todo.id);
    const alices = await alice.caller.todo.list({ filter: "done", limit: 100 });
    expect(alices.items.map(({ id }) => id)).toContain(todo.id);
  });
});

describe("working through a list", () => {
  test("add, rename, toggle, filter, count, clear completed", async () => {
    const carol = await kit.callerFor("user");
    const milk = await carol.caller.todo.create({ title: "  Buy milk " });
    const bread = await carol.caller.todo.create({ title: "Buy bread" });
    expect(milk).toMatchObject({ title: "Buy milk", done: false });

    await carol.caller.todo.update({ id: bread.id, title: "Buy rye bread" });
    await carol.caller.todo.update({ id: milk.id, done: true });

    const titles = async (filter: "all" | "active" | "done") =>
      (await carol.caller.todo.list({ filter })).items.map(({ title }) => title);
    expect(await titles("all")).toEqual(["Buy rye bread", "Buy milk"]);
    expect(await titles("active")).toEqual(["Buy rye bread"]);
    expect(await titles("done")).toEqual(["Buy milk"]);
    expect(await carol.caller.todo.counts()).toEqual({ active: 1, done: 1 });

    expect(await carol.caller.todo.clearCompleted()).toEqual({ deleted: 1 });
    expect(await titles("all")).toEqual(["Buy rye bread"]);
    expect(await carol.caller.todo.counts()).toEqual({ active: 1, done: 0 });
  });

  test("a deleted to-do is gone, and deleting it again is NOT_FOUND", async () => {
    const todo = await aliceTodo("short-lived");
    expect(await alice.caller.todo.delete({ id: todo.id })).toEqual({ id: todo.id });
    expect(await outcomeOf(alice.caller.todo.delete({ id: todo.id }))).toBe("NOT_FOUND");
  });

  test("an update that changes nothing is refused", async () => {
    const todo = await aliceTodo();
    expect((await fieldErrorsOf(alice.caller.todo.update({ id: todo.id }))).formErrors).toEqual([
      "Change the title or done",
    ]);
  });

  const edges: [string, string, boolean][] = [
    ["a title of 200 characters", "t".repeat(200), true],
    ["a title of 201 characters", "t".repeat(201), false],
    ["an empty title", "", false],
    ["a whitespace-only title", "   ", false],
    ["a NUL byte", "a\u0000b", false],
    ["unicode", "Thé 🍵 with 帽子屋", true],
  ];
  test.each(edges)("%s: accepted %s", async (_, title, accepted) => {
    if (accepted) {
      expect((await alice.caller.todo.create({ title })).title).toBe(title);
    } else {
      expect(Object.keys((await fieldErrorsOf(alice.caller.todo.create({ title }))).fieldErrors)).toEqual(["title"]);
    }
  });

  test("extra keys are refused, not silently dropped", async () => {
    const input = { title: "mine", owner_id: bob.account?.id };
    expect((await fieldErrorsOf(alice.caller.todo.create(input as never))).formErrors.join(" ")).toMatch(/owner_id/);
  });

  test("pages of a filtered list hold every matching row once", async () => {
    const dave = await kit.callerFor("user");
    const { error } = await kit.admin.from("todos").insert(
      Array.from({ length: 250 }, (_, index) => ({
        owner_id: dave.account.id,
        title: `todo ${index}`,
        done: index % 2 === 0,
        created_at: "2001-01-01T00:00:00Z",
      })),
    );
    expect(error).toBeNull();
    const ids: number[] = [];
    let cursor = null;
    do {
      const page: Awaited<ReturnType<typeof dave.caller.todo.list>> = await dave.caller.todo.list({
        filter: "done",
        limit: 30,
        cursor,
      });
      expect(page.items.every(({ done }) => done)).toBe(true);
      ids.push(...page.items.map(({ id }) => id));
      cursor = page.nextCursor;
    } while (cursor);
    expect(new Set(ids).size).toBe(125);
    expect(ids.length).toBe(125);
  });
});
