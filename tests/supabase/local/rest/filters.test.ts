import { beforeAll, describe, expect, it } from "vitest";
import type { LocalStack } from "../../../../supabase/local/stack.ts";
import { clients, rawRequest, startBlog } from "./fixture.ts";

let stack: LocalStack;
let db: Awaited<ReturnType<typeof clients>>;

beforeAll(async () => {
  stack = await startBlog();
  db = await clients(stack);
});

/** Post ids the service role sees for a raw query string (posts 1-4; 3 is alice's draft). */
async function ids(query: string): Promise<number[]> {
  const response = await rawRequest(stack, `posts?select=id&order=id&${query}`, { token: stack.keys.serviceRoleKey });
  const body = await response.json();
  if (response.status !== 200) throw new Error(`${response.status} ${JSON.stringify(body)}`);
  return (body as Array<{ id: number }>).map((row) => row.id);
}

describe("horizontal filters", () => {
  const matrix: Array<[string, number[]]> = [
    ["id=eq.2", [2]],
    ["id=neq.2", [1, 3, 4]],
    ["id=gt.2", [3, 4]],
    ["id=gte.2", [2, 3, 4]],
    ["id=lt.2", [1]],
    ["id=lte.2", [1, 2]],
    ["title=like.*draft", [3]],
    ["title=ilike.HELLO*", [1]],
    ["title=match.^Bob", [4]],
    ["title=imatch.^bob", [4]],
    ["id=in.(1,3)", [1, 3]],
    ["id=in.()", []],
    ["rank=is.null", [2]],
    ["published=is.false", [3]],
    ["published=is.true", [1, 2, 4]],
    ["rank=isdistinct.3", [2, 3, 4]],
    ["tags=cs.{news}", [1, 2]],
    ["tags=cd.{intro,news}", [1, 2, 3, 4]],
    ["tags=ov.{intro}", [1, 4]],
    ["title=fts.hello", [1]],
    ["title=fts(english).thoughts", [2]],
    ["title=plfts.bob says", [4]],
    ["title=phfts(english).says hi", [4]],
    ["title=wfts.hello or draft", [1, 3]],
    ["title=like(any).{*draft,Bob*}", [3, 4]],
    ["title=ilike(all).{*o*,*h*}", [1, 2, 4]],
    ["id=eq(any).{1,3}", [1, 3]],
    ["or=(id.gt(all).{1,2},title.like(any).{Hello*})", [1, 3, 4]],
    ["id=not.eq.2", [1, 3, 4]],
    ["rank=not.is.null", [1, 3, 4]],
    ["id=not.in.(1,2)", [3, 4]],
    ["id=gt.1&id=lt.4", [2, 3]],
    ["or=(id.eq.1,id.eq.4)", [1, 4]],
    ["or=(id.eq.1,and(published.is.true,rank.is.null))", [1, 2]],
    ["not.or=(id.eq.1,id.eq.4)", [2, 3]],
    ["and=(published.is.true,or(rank.gt.2,rank.is.null))", [1, 2]],
    ['or=(title.eq.Hello world,title.in.("Bob says hi",x))', [1, 4]],
    ["or=(id.not.eq.1,rank.eq.3)", [1, 2, 3, 4]],
  ];

  it.each(matrix)("%s selects posts %j", async (query, expected) => {
    expect(await ids(query)).toEqual(expected);
  });

  it("keeps commas and parentheses inside double-quoted in() values as data", async () => {
    await stack.db.exec(
      `insert into public.authors (id, name) values ('00000000-0000-4000-8000-0000000000cc', 'a,b (c)')`,
    );
    const { data } = await db.anon.from("authors").select("name").in("name", ["a,b (c)", "zed"]);
    expect(data).toEqual([{ name: "a,b (c)" }]);
  });

  it("treats SQL metacharacters in values as data", async () => {
    const { data, error } = await db.anon
      .from("authors")
      .select("name")
      .eq("name", "x'; drop table public.authors; --");
    expect(error).toBeNull();
    expect(data).toEqual([]);
    expect((await db.anon.from("authors").select("name").eq("name", "alice")).data).toEqual([{ name: "alice" }]);
  });

  it("casts the value to the column type: a bad literal is 400 22P02", async () => {
    const result = await db.anon.from("authors").select().eq("id", "not-a-uuid");
    expect(result.status).toBe(400);
    expect(result.error).toEqual({
      code: "22P02",
      message: 'invalid input syntax for type uuid: "not-a-uuid"',
      details: null,
      hint: null,
    });
  });

  it("refuses an unknown operator with PGRST100", async () => {
    const result = await db.anon.from("posts").select().filter("id", "eqq", 1);
    expect(result.status).toBe(400);
    expect(result.error).toMatchObject({
      code: "PGRST100",
      message: '"failed to parse filter (eqq.1)" (line 1, column 1)',
    });
  });

  it("refuses a logic tree that does not close with PGRST100, and reads no further than one that does", async () => {
    const open = await db.anon.from("posts").select().or("id.eq.1,id.eq.2");
    const unopened = await db.anon.from("posts").select("id").or("(id.eq.1");
    expect(unopened).toMatchObject({ status: 400, error: { code: "PGRST100" } });
    // Parsec's parse stops after the tree, so the extra `)` is not read (PostgREST's AndOrParamsSpec).
    const extra = await db.anon.from("posts").select().or("id.eq.1,id.eq.2)");
    expect(extra).toMatchObject({ status: 200, error: null, data: open.data });
  });

  it("refuses is with a value other than null/true/false/unknown", async () => {
    const result = await db.anon.from("posts").select().filter("rank", "is", "1");
    expect(result).toMatchObject({ status: 400, error: { code: "PGRST100" } });
  });

  it("refuses a filter on an unknown column with 42703", async () => {
    const result = await db.anon.from("posts").select().eq("nope", 1);
    expect(result).toMatchObject({
      status: 400,
      error: { code: "42703", message: "column posts.nope does not exist", details: null, hint: null },
    });
  });

  it("answers an operator the column type lacks as Postgres does (42883 -> 404)", async () => {
    const result = await db.anon.from("posts").select().like("id", "1*");
    expect(result).toMatchObject({ status: 404, error: { code: "42883" } });
  });
});
