import { beforeAll, describe, expect, it } from "vitest";
import type { LocalStack } from "../../../../supabase/local/stack.ts";
import { ALICE, clients, rawRequest, startBlog } from "./fixture.ts";

let stack: LocalStack;
let db: Awaited<ReturnType<typeof clients>>;

beforeAll(async () => {
  stack = await startBlog();
  db = await clients(stack);
});

describe("select", () => {
  it("returns the chosen columns, aliased and cast, in PostgREST's JSON", async () => {
    const result = await db.anon.from("posts").select("id,headline:title,rank::text").eq("id", 1);
    expect(result).toMatchObject({ error: null, status: 200, data: [{ id: 1, headline: "Hello world", rank: "3" }] });
  });

  it("serialises arrays, nulls and timestamps as Postgres's json_agg does", async () => {
    const { data } = await db.anon.from("posts").select("tags,editor_id,created_at").eq("id", 1).single();
    expect(data).toEqual({ tags: ["intro", "news"], editor_id: null, created_at: "2024-01-01T10:00:00+00:00" });
  });

  it("orders by several columns with nulls placement", async () => {
    const { data } = await db.anon
      .from("posts")
      .select("id")
      .order("rank", { ascending: false, nullsFirst: true })
      .order("id");
    expect(data).toEqual([{ id: 2 }, { id: 1 }, { id: 4 }]);
  });

  it("pages with range and reports the total with count=exact as 206 Partial Content", async () => {
    const result = await db.anon.from("posts").select("id", { count: "exact" }).order("id").range(1, 1);
    expect(result).toMatchObject({ data: [{ id: 2 }], count: 3, status: 206, error: null });
  });

  it("answers 200 when the page holds the whole counted result", async () => {
    const result = await db.anon.from("posts").select("id", { count: "exact" });
    expect(result).toMatchObject({ count: 3, status: 200 });
  });

  it("sends Content-Range and Preference-Applied like PostgREST", async () => {
    const counted = await rawRequest(stack, "posts?select=id&order=id&offset=1&limit=1", {
      headers: { Prefer: "count=exact" },
    });
    expect(counted.status).toBe(206);
    expect(counted.headers.get("content-range")).toBe("1-1/3");
    expect(counted.headers.get("preference-applied")).toBe("count=exact");
    expect(counted.headers.get("content-type")).toBe("application/json; charset=utf-8");
    const uncounted = await rawRequest(stack, "posts?select=id&limit=2");
    expect(uncounted.headers.get("content-range")).toBe("0-1/*");
    const empty = await rawRequest(stack, "posts?select=id&id=eq.999");
    expect(empty.headers.get("content-range")).toBe("*/*");
  });

  it("honours the Range header", async () => {
    const response = await rawRequest(stack, "posts?select=id&order=id", {
      headers: { Range: "0-1", "Range-Unit": "items" },
    });
    expect(await response.json()).toEqual([{ id: 1 }, { id: 2 }]);
    expect(response.headers.get("content-range")).toBe("0-1/*");
  });

  it("refuses an offset past the end of a counted result with 416 PGRST103", async () => {
    const result = await db.anon.from("posts").select("id", { count: "exact" }).range(10, 12);
    expect(result.status).toBe(416);
    expect(result.error).toEqual({
      code: "PGRST103",
      message: "Requested range not satisfiable",
      details: "An offset of 10 was requested, but there are only 3 rows.",
      hint: null,
    });
  });

  it("answers HEAD with the count and no body", async () => {
    const result = await db.anon.from("posts").select("*", { count: "exact", head: true });
    expect(result).toMatchObject({ data: null, count: 3, status: 200, error: null });
  });

  it("returns a bare object for single()", async () => {
    const result = await db.anon.from("authors").select("name").eq("id", ALICE).single();
    expect(result).toMatchObject({ data: { name: "alice" }, status: 200, error: null });
  });

  it("answers single() on zero rows with 406 PGRST116", async () => {
    const result = await db.anon.from("authors").select().eq("name", "nobody").single();
    expect(result.status).toBe(406);
    expect(result.error).toEqual({
      code: "PGRST116",
      message: "Cannot coerce the result to a single JSON object",
      details: "The result contains 0 rows",
      hint: null,
    });
  });

  it("answers single() on several rows with 406 PGRST116", async () => {
    const result = await db.anon.from("authors").select().single();
    expect(result).toMatchObject({ status: 406, error: { code: "PGRST116", details: "The result contains 2 rows" } });
  });

  it("gives null for maybeSingle() on zero rows", async () => {
    const result = await db.anon.from("authors").select().eq("name", "nobody").maybeSingle();
    expect(result).toMatchObject({ data: null, error: null, status: 200 });
  });

  it("reads JSON paths, naming each value after its last key unless aliased", async () => {
    const { data } = await db.anon.from("authors").select("name,profile->>city,first:profile->langs->0").order("name");
    expect(data).toEqual([
      { name: "alice", city: "Paris", first: "fr" },
      { name: "bob", city: null, first: null },
    ]);
  });

  it("filters and orders on JSON paths", async () => {
    const filtered = await db.anon.from("authors").select("name").eq("profile->>city", "Paris");
    expect(filtered.data).toEqual([{ name: "alice" }]);
    const ordered = await db.anon.from("authors").select("name").order("profile->>city", { nullsFirst: true });
    expect(ordered.data).toEqual([{ name: "bob" }, { name: "alice" }]);
  });

  it("strips nulls when asked to", async () => {
    const response = await rawRequest(stack, "authors?select=name,bio,profile&name=eq.bob", {
      headers: { Accept: "application/vnd.pgrst.array+json;nulls=stripped" },
    });
    expect(await response.json()).toEqual([{ name: "bob" }]);
  });

  it("caps unbounded reads at api.max_rows", async () => {
    await stack.db.exec(
      "create table public.many (n int primary key); insert into public.many select generate_series(1, 1005);",
    );
    const result = await db.service.from("many").select("n", { count: "exact" });
    expect(result.data).toHaveLength(stack.settings.api.max_rows);
    expect(result).toMatchObject({ count: 1005, status: 206 });
  });

  it("serves a table created after startup (schema cache reload on DDL)", async () => {
    await stack.db.exec("create table public.late (id int primary key); insert into public.late values (7);");
    expect((await db.anon.from("late").select()).data).toEqual([{ id: 7 }]);
  });

  it("reads views", async () => {
    await stack.db.exec(
      "create view public.post_titles with (security_invoker) as select id, title from public.posts;",
    );
    const { data } = await db.anon.from("post_titles").select("title").eq("id", 4);
    expect(data).toEqual([{ title: "Bob says hi" }]);
  });
});
