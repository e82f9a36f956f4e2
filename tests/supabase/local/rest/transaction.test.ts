import { beforeAll, describe, expect, it } from "vitest";
import type { LocalStack } from "../../../../supabase/local/stack.ts";
import { clients, startBlog } from "./fixture.ts";

let stack: LocalStack;
let db: Awaited<ReturnType<typeof clients>>;

beforeAll(async () => {
  stack = await startBlog();
  db = await clients(stack);
});

describe("one request, one message to the database", () => {
  it("keeps quotes, backslashes and dollar signs in values as data", async () => {
    const value = String.raw`it's a \'quote\' $1 $$ E'\x41' "x"`;
    await db.service.from("secrets").insert({ id: 101, value });

    const { data } = await db.service.from("secrets").select("value").eq("value", value).single();

    expect(data).toEqual({ value });
  });

  it("frames multi-byte text by its UTF-8 length, not its length in characters", async () => {
    const value = "café · 日本語 · 𝄞 · 🙂";
    await db.service.from("secrets").insert({ id: 104, value });

    const { data, error } = await db.service.from("secrets").select("id, value").eq("value", value).single();

    expect(error).toBeNull();
    expect(data).toEqual({ id: 104, value });
  });

  it("sends a body past the inlining limit as a bound parameter, whole", async () => {
    const value = "y".repeat(200 * 1024);
    const inserted = await db.service.from("secrets").insert({ id: 102, value }).select("value").single();

    expect(inserted.error).toBeNull();
    expect(inserted.data?.value).toHaveLength(value.length);
  });

  it("answers a NUL in a filter value with the error Postgres gives a bound parameter", async () => {
    const { error, status } = await db.service.from("secrets").select("id").eq("value", "a\u0000b");

    expect(status).toBe(400);
    expect(error).toMatchObject({ code: "22021", message: 'invalid byte sequence for encoding "UTF8": 0x00' });
  });

  it("rolls a failed statement back so the next request starts clean", async () => {
    const failed = await db.service.from("secrets").insert([{ id: 103 }, { id: 103 }]);
    const next = await db.service.from("secrets").select("id").eq("id", 103);

    expect(failed.error?.code).toBe("23505");
    expect(next).toMatchObject({ error: null, data: [] });
    expect(stack.db.isInTransaction()).toBe(false);
  });
});

describe("prepared statements, one per request shape", () => {
  const preparedCount = async () =>
    (
      await stack.db.query<{ n: number }>(
        "select count(*)::int as n from pg_prepared_statements where name like 'supabase_local_rest_%'",
      )
    ).rows[0]?.n;

  it("prepares a shape again when someone on the Postgres port deallocated it", async () => {
    await db.anon.from("posts").select("id").eq("id", 1);
    await stack.db.exec("DEALLOCATE ALL");

    const { data, error } = await db.anon.from("posts").select("id").eq("id", 1);

    expect(error).toBeNull();
    expect(data).toEqual([{ id: 1 }]);
  });

  it("keeps one statement for a shape that fails every time, not one per failure", async () => {
    const fail = () => db.anon.from("posts").select("id, rank").eq("rank", "not a number");
    expect((await fail()).error?.code).toBe("22P02");
    const before = await preparedCount();

    for (let i = 0; i < 3; i++) expect((await fail()).error?.code).toBe("22P02");

    expect(await preparedCount()).toBe(before);
  });

  it("reads a table's new columns after DDL, not from the plan prepared before it", async () => {
    await db.service.from("secrets").insert({ id: 201, value: "v" });
    await db.service.from("secrets").select("*").eq("id", 201);
    await stack.db.exec("alter table public.secrets add column note text default 'added'");

    const { data } = await db.service.from("secrets").select("*").eq("id", 201).single();

    expect(data).toEqual({ id: 201, value: "v", note: "added" });
  });

  it("deallocates the least recently used shapes past 200", async () => {
    for (let i = 0; i < 210; i++) await db.anon.from("posts").select(`a${i}:id`).eq("id", 1);

    expect(await preparedCount()).toBeLessThanOrEqual(200);
  });
});
