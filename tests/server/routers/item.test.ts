import { beforeAll, describe, expect, test } from "vitest";
import { createTestKit } from "../../support/callers";
import { fieldErrorsOf, outcomeOf } from "../../support/outcome";

let kit: Awaited<ReturnType<typeof createTestKit>>;
let callers: Record<"anon" | "author" | "otherUser" | "admin", Awaited<ReturnType<typeof kit.callerFor>>>;
beforeAll(async () => {
  kit = await createTestKit();
  const [anon, author, otherUser, admin] = await Promise.all([
    kit.callerFor("anon"),
    kit.callerFor("user"),
    kit.callerFor("user"),
    kit.callerFor("admin"),
  ]);
  callers = { anon, author, otherUser, admin };
});

const post = (title = "A post") => callers.author.caller.item.create({ title, body: "Hello" });

describe("who may do what", () => {
  const matrix = [
    { action: "list", anon: "OK", author: "OK", otherUser: "OK", admin: "OK" },
    { action: "create", anon: "UNAUTHORIZED", author: "OK", otherUser: "OK", admin: "OK" },
    { action: "delete the author's item", anon: "UNAUTHORIZED", author: "OK", otherUser: "FORBIDDEN", admin: "OK" },
  ] as const;
  const actions = {
    list: (caller: typeof callers.anon.caller) => caller.item.list({}),
    create: (caller: typeof callers.anon.caller) => caller.item.create({ title: "Mine", body: "" }),
    "delete the author's item": async (caller: typeof callers.anon.caller) =>
      caller.item.delete({ id: (await post()).id }),
  };
  for (const row of matrix) {
    for (const who of ["anon", "author", "otherUser", "admin"] as const) {
      test(`${who}: ${row.action} -> ${row[who]}`, async () => {
        expect(await outcomeOf(actions[row.action](callers[who].caller))).toBe(row[who]);
      });
    }
  }

  test("deleting an item that does not exist is NOT_FOUND", async () => {
    expect(await outcomeOf(callers.admin.caller.item.delete({ id: 2_000_000_000 }))).toBe("NOT_FOUND");
  });
});

describe("posting", () => {
  test("the author is the signed-in caller, never an input", async () => {
    const item = await post("Who wrote this?");
    expect(item.author.username).toBe(callers.author.account?.username);

    const smuggled = { title: "Forged", body: "", author_id: callers.otherUser.account?.id };
    const errors = await fieldErrorsOf(callers.author.caller.item.create(smuggled as never));
    expect(errors.formErrors.join(" ")).toMatch(/author_id/);
  });

  test("the newest item comes first", async () => {
    const item = await post("Just now");
    const page = await callers.anon.caller.item.list({ limit: 1 });
    expect(page.items.map(({ id }) => id)).toEqual([item.id]);
  });

  const edges: [string, { title: string; body: string }, "OK" | "title" | "body"][] = [
    ["a title of 120 characters", { title: "t".repeat(120), body: "" }, "OK"],
    ["a title of 121 characters", { title: "t".repeat(121), body: "" }, "title"],
    ["an empty title", { title: "", body: "" }, "title"],
    ["a whitespace-only title", { title: " \t\n ", body: "" }, "title"],
    ["a title with a NUL byte", { title: "nul\u0000byte", body: "" }, "title"],
    ["a body of 2000 characters", { title: "ok", body: "b".repeat(2000) }, "OK"],
    ["a body of 2001 characters", { title: "ok", body: "b".repeat(2001) }, "body"],
    ["a body with a NUL byte", { title: "ok", body: "\u0000" }, "body"],
    ["unicode", { title: "Ünïcødé 🎉 漢字", body: "𝔘𝔫𝔦" }, "OK"],
  ];
  test.each(edges)("%s -> %s", async (_, input, expected) => {
    const call = callers.author.caller.item.create(input);
    if (expected === "OK") {
      expect((await call).title).toBe(input.title.trim());
    } else {
      expect(Object.keys((await fieldErrorsOf(call)).fieldErrors)).toEqual([expected]);
    }
  });

  test("surrounding whitespace is trimmed", async () => {
    const item = await callers.author.caller.item.create({ title: "  padded  ", body: "  body  " });
    expect(item).toMatchObject({ title: "padded", body: "body" });
  });
});

describe("pagination", () => {
  test.each([0, 101, 1.5])("a page size of %s is refused", async (limit) => {
    expect(Object.keys((await fieldErrorsOf(callers.anon.caller.item.list({ limit }))).fieldErrors)).toEqual(["limit"]);
  });

  test.each([1, 100])("a page size of %s is accepted", async (limit) => {
    expect((await callers.anon.caller.item.list({ limit })).items.length).toBeLessThanOrEqual(limit);
  });

  test.each([
    ["a cursor from year 0", { createdAt: "0000-01-01T00:00:00Z", id: 1 }],
    ["a cursor past year 9999", { createdAt: "9999-12-31T23:59:59+00:00", id: 1 }],
  ])("%s is refused as bad input, never a 500", async (_, cursor) => {
    expect(["OK", "BAD_REQUEST"]).toContain(await outcomeOf(callers.anon.caller.item.list({ cursor })));
  });

  test("a cursor that is not a timestamp is a field error", async () => {
    const errors = await fieldErrorsOf(callers.anon.caller.item.list({ cursor: { createdAt: "yesterday", id: 1 } }));
    expect(Object.keys(errors.fieldErrors)).toEqual(["cursor"]);
  });

  test("the input useInfiniteQuery sends is accepted; paging backward is refused, not ignored", async () => {
    const first = await callers.anon.caller.item.list({ limit: 1, direction: "forward" });
    expect(first.items).toHaveLength(1);
    const backward = callers.anon.caller.item.list({ limit: 1, direction: "backward" as "forward" });
    expect(Object.keys((await fieldErrorsOf(backward)).fieldErrors)).toEqual(["direction"]);
  });

  test("1,000 rows sharing timestamps come back exactly once, in a stable order, with rows inserted mid-way", async () => {
    const authorId = callers.otherUser.account?.id;
    // Ten timestamps, a hundred rows each: the id must break every tie.
    const base = Date.parse("2001-01-01T00:00:00.123456Z");
    const rows = Array.from({ length: 1000 }, (_, index) => ({
      author_id: authorId,
      title: `row ${index}`,
      created_at: new Date(base + (index % 10) * 1000).toISOString().replace("Z", "456Z"),
    }));
    const { data: inserted, error } = await kit.admin.from("items").insert(rows).select("id");
    expect(error).toBeNull();
    const { count: total } = await kit.admin.from("items").select("id", { count: "exact", head: true });

    const seen: { id: number; created_at: string }[] = [];
    let cursor = null;
    let pages = 0;
    do {
      const page: Awaited<ReturnType<typeof callers.anon.caller.item.list>> = await callers.anon.caller.item.list({
        limit: 97,
        cursor,
      });
      seen.push(...page.items);
      cursor = page.nextCursor;
      // New posts arriving while someone pages must not shift what comes next.
      if (pages++ === 0) await post("posted between two pages");
    } while (cursor);

    const ids = seen.map(({ id }) => id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.length).toBe(total);
    expect(ids).toEqual(expect.arrayContaining((inserted ?? []).map(({ id }) => id)));
    const newestFirst = seen.every(
      (row, index) =>
        index === 0 ||
        row.created_at < (seen[index - 1]?.created_at ?? "") ||
        (row.created_at === seen[index - 1]?.created_at && row.id < (seen[index - 1]?.id ?? 0)),
    );
    expect(newestFirst).toBe(true);
  });
});
