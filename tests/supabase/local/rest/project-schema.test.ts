/**
 * The REST path against the project's own migrated `todos` table: column-level grants,
 * `owner_id default auth.uid()`, the updated_at trigger and keyset pagination with `or`.
 */
import { beforeAll, describe, expect, it } from "vitest";
import type { LocalStack } from "../../../../supabase/local/stack.ts";
import { startTestStack, supabaseAs } from "../../../support/local-stack.ts";
import { userToken } from "./fixture.ts";

const CAROL = "c0c0c0c0-0000-4000-8000-000000000001";
const DAVE = "d0d0d0d0-0000-4000-8000-000000000001";

let stack: LocalStack;
let carol: ReturnType<typeof supabaseAs>;
let dave: ReturnType<typeof supabaseAs>;

beforeAll(async () => {
  stack = await startTestStack();
  await stack.db.exec(
    `insert into auth.users (id, email) values ('${CAROL}', 'carol@example.com'), ('${DAVE}', 'dave@example.com')`,
  );
  carol = supabaseAs(stack, await userToken(stack, CAROL));
  dave = supabaseAs(stack, await userToken(stack, DAVE));
});

describe("todos through the REST API", () => {
  it("carol creates todos owned by her through the auth.uid() default", async () => {
    const result = await carol
      .from("todos")
      .insert([{ title: "one" }, { title: "two" }, { title: "three" }])
      .select("title,owner_id,done");
    expect(result).toMatchObject({
      status: 201,
      data: [
        { title: "one", owner_id: CAROL, done: false },
        { title: "two", owner_id: CAROL, done: false },
        { title: "three", owner_id: CAROL, done: false },
      ],
    });
  });

  it("dave sees none of carol's todos", async () => {
    expect((await dave.from("todos").select()).data).toEqual([]);
  });

  it("pages by keyset with or=(...) on a timestamp and id", async () => {
    const { data: all } = await carol
      .from("todos")
      .select("id,created_at")
      .order("created_at", { ascending: false })
      .order("id", { ascending: false });
    const first = all?.[0];
    if (!first) throw new Error("no todos");
    const { data } = await carol
      .from("todos")
      .select("title")
      .or(`created_at.lt.${first.created_at},and(created_at.eq.${first.created_at},id.lt.${first.id})`)
      .order("created_at", { ascending: false })
      .order("id", { ascending: false });
    expect(data).toEqual([{ title: "two" }, { title: "one" }]);
  });

  it("carol may update a granted column; the trigger stamps updated_at", async () => {
    const { data } = await carol
      .from("todos")
      .update({ done: true })
      .eq("title", "one")
      .select("done,updated_at,created_at")
      .single();
    expect(data?.done).toBe(true);
    expect(data?.updated_at).not.toBeNull();
  });

  it("a column without an UPDATE grant is refused with 403 42501", async () => {
    const result = await carol.from("todos").update({ owner_id: DAVE }).eq("title", "two");
    expect(result).toMatchObject({
      status: 403,
      error: { code: "42501", message: "permission denied for table todos" },
    });
  });

  it("dave cannot delete carol's todo", async () => {
    expect((await dave.from("todos").delete().eq("title", "two").select()).data).toEqual([]);
    expect((await carol.from("todos").select("title").eq("title", "two")).data).toEqual([{ title: "two" }]);
  });

  it("the title check constraint answers 400 23514", async () => {
    const result = await carol.from("todos").insert({ title: "   " });
    expect(result).toMatchObject({ status: 400, error: { code: "23514" } });
  });
});
