import { beforeAll, describe, expect, it } from "vitest";
import type { LocalStack } from "../../../../supabase/local/stack.ts";
import { ALICE, BOB, clients, rawRequest, startBlog } from "./fixture.ts";

let stack: LocalStack;
let db: Awaited<ReturnType<typeof clients>>;

beforeAll(async () => {
  stack = await startBlog();
  db = await clients(stack);
});

describe("insert", () => {
  it("inserts one row and returns it with 201 when asked to", async () => {
    const result = await db.alice
      .from("posts")
      .insert({ author_id: ALICE, title: "Fresh" })
      .select("title,published,tags");
    expect(result).toMatchObject({ status: 201, error: null, data: [{ title: "Fresh", published: false, tags: [] }] });
  });

  it("answers 201 with no body for return=minimal", async () => {
    const result = await db.alice.from("posts").insert({ author_id: ALICE, title: "Quiet" });
    expect(result).toMatchObject({ status: 201, data: null, error: null });
  });

  it("fills keys missing from some rows with null, or with defaults under missing=default", async () => {
    const nulls = await db.service
      .from("authors")
      .insert([
        { id: "00000000-0000-4000-8000-000000000001", name: "n1", bio: "b" },
        { id: "00000000-0000-4000-8000-000000000002", name: "n2" },
      ])
      .select("name,bio");
    expect(nulls.data).toEqual([
      { name: "n1", bio: "b" },
      { name: "n2", bio: null },
    ]);
    const defaults = await db.alice
      .from("posts")
      .insert(
        [
          { author_id: ALICE, title: "d1", published: true },
          { author_id: ALICE, title: "d2" },
        ],
        { defaultToNull: false },
      )
      .select("title,published");
    expect(defaults).toMatchObject({
      status: 201,
      data: [
        { title: "d1", published: true },
        { title: "d2", published: false },
      ],
    });
  });

  it("shapes the returned representation with embeds", async () => {
    const { data } = await db.alice
      .from("posts")
      .insert({ author_id: ALICE, title: "With author" })
      .select("title,author:authors!author_id(name)")
      .single();
    expect(data).toEqual({ title: "With author", author: { name: "alice" } });
  });

  it("sends Preference-Applied and Content-Range as PostgREST does", async () => {
    const response = await rawRequest(stack, "authors", {
      method: "POST",
      token: stack.keys.serviceRoleKey,
      headers: { "Content-Type": "application/json", Prefer: "return=representation,count=exact" },
      body: JSON.stringify({ id: "00000000-0000-4000-8000-000000000003", name: "n3" }),
    });
    expect(response.status).toBe(201);
    expect(response.headers.get("preference-applied")).toBe("return=representation, count=exact");
    expect(response.headers.get("content-range")).toBe("*/1");
  });

  it("refuses an unknown payload column with PGRST204", async () => {
    const result = await db.alice.from("posts").insert({ author_id: ALICE, title: "x", nope: 1 });
    expect(result.status).toBe(400);
    expect(result.error).toEqual({
      code: "PGRST204",
      message: "Could not find the 'nope' column of 'posts' in the schema cache",
      details: null,
      hint: null,
    });
  });

  const violations: Array<[string, Record<string, unknown>, number, string]> = [
    ["duplicate key", { id: 1, author_id: ALICE, title: "dup" }, 409, "23505"],
    ["not-null", { author_id: ALICE, title: null }, 400, "23502"],
    ["check", { author_id: ALICE, title: "x".repeat(41) }, 400, "23514"],
    ["bad literal", { author_id: "nope", title: "x" }, 400, "22P02"],
  ];
  it.each(violations)("maps a %s violation to its PostgREST status", async (_name, row, status, code) => {
    const result = await db.service.from("posts").insert(row);
    expect(result).toMatchObject({ status, error: { code } });
  });

  it("maps a foreign key violation to 409 23503 with Postgres's details", async () => {
    const result = await db.service.from("comments").insert({ post_id: 999, body: "orphan" });
    expect(result.status).toBe(409);
    expect(result.error).toEqual({
      code: "23503",
      message: 'insert or update on table "comments" violates foreign key constraint "comments_post_id_fkey"',
      details: 'Key (post_id)=(999) is not present in table "posts".',
      hint: null,
    });
  });

  it("refuses malformed JSON with PGRST102", async () => {
    const response = await rawRequest(stack, "posts", {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: "{not json",
    });
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({
      code: "PGRST102",
      message: "Empty or invalid json",
      details: null,
      hint: null,
    });
  });

  it("refuses bodies over 1 MiB with 413", async () => {
    const response = await rawRequest(stack, "posts", {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ title: "x".repeat(1024 * 1024) }),
    });
    expect(response.status).toBe(413);
    expect(await response.json()).toMatchObject({ code: "PGRST413" });
  });
});

describe("upsert", () => {
  it("merges duplicates on the primary key: 200 when it only updated", async () => {
    const result = await db.service
      .from("authors")
      .upsert({ id: BOB, name: "bob", bio: "now has a bio" })
      .select("bio");
    expect(result).toMatchObject({ status: 200, data: [{ bio: "now has a bio" }] });
  });

  it("answers 201 when the upsert inserted", async () => {
    const result = await db.service
      .from("authors")
      .upsert({ id: "00000000-0000-4000-8000-000000000004", name: "n4" })
      .select("name");
    expect(result).toMatchObject({ status: 201, data: [{ name: "n4" }] });
  });

  it("upserts on another unique column with on_conflict", async () => {
    await db.service.from("authors").insert({ id: "00000000-0000-4000-8000-0000000000fe", name: "carol" });
    const result = await db.service
      .from("authors")
      .upsert({ id: "00000000-0000-4000-8000-0000000000ff", name: "carol", bio: "merged" }, { onConflict: "name" })
      .select("id,bio");
    expect(result.data).toEqual([{ id: "00000000-0000-4000-8000-0000000000ff", bio: "merged" }]);
  });

  it("ignores duplicates when asked to", async () => {
    const result = await db.service
      .from("authors")
      .upsert({ id: BOB, name: "bob", bio: "ignored" }, { ignoreDuplicates: true })
      .select("bio");
    expect(result).toMatchObject({ status: 201, data: [] });
    expect((await db.service.from("authors").select("bio").eq("id", BOB).single()).data).toEqual({
      bio: "now has a bio",
    });
  });
});

describe("update and delete", () => {
  it("updates filtered rows and returns them with 200", async () => {
    const result = await db.alice.from("posts").update({ rank: 10 }).eq("id", 1).select("id,rank");
    expect(result).toMatchObject({ status: 200, data: [{ id: 1, rank: 10 }] });
  });

  it("answers 204 for an update without representation", async () => {
    const result = await db.alice.from("posts").update({ rank: 11 }).eq("id", 1);
    expect(result).toMatchObject({ status: 204, data: null, error: null });
  });

  it("rolls back a single() update that touched no row, with 406", async () => {
    const result = await db.alice.from("posts").update({ rank: 12 }).eq("id", 999).select().single();
    expect(result).toMatchObject({ status: 406, error: { code: "PGRST116", details: "The result contains 0 rows" } });
  });

  it("rolls back a single() delete that touched several rows", async () => {
    const result = await db.service.from("comments").delete().eq("post_id", 1).select().single();
    expect(result).toMatchObject({ status: 406, error: { code: "PGRST116", details: "The result contains 2 rows" } });
    const { count } = await db.service.from("comments").select("*", { count: "exact", head: true }).eq("post_id", 1);
    expect(count).toBe(2);
  });

  it("deletes filtered rows and returns them with 200", async () => {
    const result = await db.service.from("comments").delete().eq("body", "hi bob").select("body");
    expect(result).toMatchObject({ status: 200, data: [{ body: "hi bob" }] });
  });

  it("answers 204 for a delete without representation, with the count in Content-Range", async () => {
    const result = await db.service.from("comments").delete({ count: "exact" }).eq("body", "nice");
    expect(result).toMatchObject({ status: 204, count: 1, error: null });
  });
});
