import { beforeAll, describe, expect, it } from "vitest";
import type { LocalStack } from "../../../../supabase/local/stack.ts";
import { ALICE, clients, rawRequest, startBlog } from "./fixture.ts";

let stack: LocalStack;
let db: Awaited<ReturnType<typeof clients>>;

beforeAll(async () => {
  stack = await startBlog();
  db = await clients(stack);
});

describe("rpc", () => {
  it("returns a scalar result as bare JSON", async () => {
    expect(await db.anon.rpc("add", { a: 1, b: 5 })).toMatchObject({ data: 6, status: 200, error: null });
  });

  it("uses the defaults of arguments left out", async () => {
    expect((await db.anon.rpc("add", { a: 1 })).data).toBe(3);
  });

  it("takes arguments from the query string on GET", async () => {
    expect(await db.anon.rpc("add", { a: 2, b: 2 }, { get: true })).toMatchObject({ data: 4, status: 200 });
  });

  it("runs as the caller: auth.uid() is the token's subject", async () => {
    expect((await db.alice.rpc("whoami")).data).toBe(ALICE);
    expect((await db.anon.rpc("whoami")).data).toBeNull();
  });

  it("applies select, filters, order and limit to a set-returning function, under RLS", async () => {
    const result = await db.anon
      .rpc("titles_like", { pattern: "%o%" })
      .select("id,title")
      .gt("id", 1)
      .order("id", { ascending: false })
      .limit(2);
    expect(result).toMatchObject({
      status: 200,
      data: [
        { id: 4, title: "Bob says hi" },
        { id: 2, title: "Second thoughts" },
      ],
    });
  });

  it("embeds along the foreign keys of the table a function returns", async () => {
    const { data } = await db.anon
      .rpc("titles_like", { pattern: "Bob%" })
      .select("title,author:authors!author_id(name)");
    expect(data).toEqual([{ title: "Bob says hi", author: { name: "bob" } }]);
  });

  it("returns TABLE columns as rows", async () => {
    expect((await db.service.rpc("comment_counts")).data).toEqual([
      { post_id: 1, n: 2 },
      { post_id: 4, n: 1 },
    ]);
  });

  it("answers embeds from TABLE columns, which have no foreign keys, with PGRST200 as PostgREST", async () => {
    const result = await db.service.rpc("comment_counts").select("post_id,posts(title)");
    expect(result).toMatchObject({ status: 400, error: { code: "PGRST200" } });
  });

  it("counts a set-returning function's rows", async () => {
    const result = await db.alice.rpc("titles_like", { pattern: "%" }, { count: "exact" }).range(0, 1);
    expect(result).toMatchObject({ count: 4, status: 206 });
  });

  it("answers a void function with 204 and no body", async () => {
    expect(await db.service.rpc("touch", { post: 2 })).toMatchObject({ data: null, status: 204, error: null });
  });

  it("refuses a volatile function that writes over GET (read-only transaction: 405 25006)", async () => {
    const result = await db.service.rpc("touch", { post: 2 }, { get: true });
    expect(result.status).toBe(405);
    expect(result.error).toMatchObject({ code: "25006", message: "cannot execute UPDATE in a read-only transaction" });
  });

  it("runs a POST to a STABLE or IMMUTABLE function read-only, as PostgREST does (405 25006)", async () => {
    await stack.db.exec(`
      create sequence public.calls;
      -- Mislabelled on purpose: a function declared STABLE that still writes.
      create function public.stable_counter() returns bigint language sql stable as $$ select nextval('public.calls') $$;
      create function public.volatile_counter() returns bigint language sql as $$ select nextval('public.calls') $$;
      grant usage on sequence public.calls to service_role;`);

    const stable = await db.service.rpc("stable_counter");
    const volatile = await db.service.rpc("volatile_counter");

    expect(stable).toMatchObject({
      status: 405,
      error: { code: "25006", message: "cannot execute nextval() in a read-only transaction" },
    });
    expect(volatile).toMatchObject({ status: 200, data: 1 });
  });

  it("maps a RAISE EXCEPTION to 400 P0001", async () => {
    const result = await db.anon.rpc("fail", { message: "nope" });
    expect(result).toMatchObject({ status: 400, error: { code: "P0001", message: "nope", details: null, hint: null } });
  });

  it("refuses an unknown function with 404 PGRST202", async () => {
    const result = await db.anon.rpc("missing", { x: 1, y: 2 });
    expect(result.status).toBe(404);
    expect(result.error).toEqual({
      code: "PGRST202",
      message: "Could not find the function public.missing(x, y) in the schema cache",
      details:
        "Searched for the function public.missing with parameters x, y or with a single unnamed json/jsonb parameter, but no matches were found in the schema cache.",
      hint: null,
    });
  });

  it("refuses unknown arguments to a known function with PGRST202", async () => {
    const result = await db.anon.rpc("add", { z: 1 });
    expect(result).toMatchObject({
      status: 404,
      error: { code: "PGRST202", message: "Could not find the function public.add(z) in the schema cache" },
    });
  });

  it("refuses a call without its required arguments, worded for no parameters", async () => {
    const response = await rawRequest(stack, "rpc/add");
    expect(response.status).toBe(404);
    expect(await response.json()).toMatchObject({
      code: "PGRST202",
      message: "Could not find the function public.add without parameters in the schema cache",
      details:
        "Searched for the function public.add without parameters, but no matches were found in the schema cache.",
    });
  });

  it("casts GET arguments to the parameter type: a bad literal is 400 22P02", async () => {
    const result = await db.anon.rpc("add", { a: "x" }, { get: true });
    expect(result).toMatchObject({ status: 400, error: { code: "22P02" } });
  });
});
