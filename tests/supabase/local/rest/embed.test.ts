import { beforeAll, describe, expect, it } from "vitest";
import type { LocalStack } from "../../../../supabase/local/stack.ts";
import { clients, startBlog } from "./fixture.ts";

let stack: LocalStack;
let db: Awaited<ReturnType<typeof clients>>;

beforeAll(async () => {
  stack = await startBlog();
  db = await clients(stack);
});

describe("embedded resources", () => {
  it("embeds a many-to-one relationship as an object, chosen by constraint name", async () => {
    const { data, error } = await db.anon
      .from("posts")
      .select("id,author:authors!posts_author_id_fkey(name)")
      .order("id")
      .limit(2);
    expect(error).toBeNull();
    expect(data).toEqual([
      { id: 1, author: { name: "alice" } },
      { id: 2, author: { name: "alice" } },
    ]);
  });

  it("embeds a many-to-one relationship chosen by its FK column, null when there is no match", async () => {
    const { data } = await db.anon
      .from("posts")
      .select("id,editor:authors!editor_id(name)")
      .in("id", [1, 2])
      .order("id");
    expect(data).toEqual([
      { id: 1, editor: null },
      { id: 2, editor: { name: "bob" } },
    ]);
  });

  it("embeds a one-to-many relationship as an array", async () => {
    const { data } = await db.alice.from("posts").select("title,comments(body)").eq("id", 1).single();
    expect(data).toEqual({ title: "Hello world", comments: [{ body: "first!" }, { body: "nice" }] });
  });

  it("gives an empty array when a one-to-many embed has no rows (RLS hides comments from anon)", async () => {
    const { data } = await db.anon.from("posts").select("comments(body)").eq("id", 1).single();
    expect(data).toEqual({ comments: [] });
  });

  it("embeds two levels deep", async () => {
    const { data } = await db.alice
      .from("comments")
      .select("body,posts(title,authors!author_id(name))")
      .eq("body", "hi bob")
      .single();
    expect(data).toEqual({ body: "hi bob", posts: { title: "Bob says hi", authors: { name: "bob" } } });
  });

  it("filters, orders and limits inside an embed without filtering the parents", async () => {
    const { data } = await db.anon
      .from("authors")
      .select("name,posts!author_id(id)")
      .eq("posts.published", true)
      .order("id", { referencedTable: "posts", ascending: false })
      .limit(1, { referencedTable: "posts" })
      .order("name");
    expect(data).toEqual([
      { name: "alice", posts: [{ id: 2 }] },
      { name: "bob", posts: [{ id: 4 }] },
    ]);
  });

  it("keeps only parents with matches with !inner", async () => {
    const { data } = await db.anon
      .from("authors")
      .select("name,posts!author_id!inner(title)")
      .eq("posts.title", "Bob says hi");
    expect(data).toEqual([{ name: "bob", posts: [{ title: "Bob says hi" }] }]);
  });

  it("filters parents by an embed being null or not", async () => {
    const { data } = await db.anon
      .from("posts")
      .select("id,editor:authors!editor_id(name)")
      .not("editor", "is", null)
      .order("id");
    expect(data).toEqual([
      { id: 2, editor: { name: "bob" } },
      { id: 4, editor: { name: "alice" } },
    ]);
  });

  it("refuses an ambiguous embed with 300 PGRST201 listing the relationships", async () => {
    const result = await db.anon.from("posts").select("authors(name)");
    expect(result.status).toBe(300);
    expect(result.error).toEqual({
      code: "PGRST201",
      message: "Could not embed because more than one relationship was found for 'posts' and 'authors'",
      details: [
        {
          cardinality: "many-to-one",
          embedding: "posts with authors",
          relationship: "posts_author_id_fkey using posts(author_id) and authors(id)",
        },
        {
          cardinality: "many-to-one",
          embedding: "posts with authors",
          relationship: "posts_editor_id_fkey using posts(editor_id) and authors(id)",
        },
      ],
      hint: "Try changing 'authors' to one of the following: 'authors!posts_author_id_fkey', 'authors!posts_editor_id_fkey'. Find the desired relationship in the 'details' key.",
    });
  });

  it("refuses an embed without a relationship with 400 PGRST200", async () => {
    const result = await db.anon.from("authors").select("name,secrets(value)");
    expect(result.status).toBe(400);
    expect(result.error).toEqual({
      code: "PGRST200",
      message: "Could not find a relationship between 'authors' and 'secrets' in the schema cache",
      details:
        "Searched for a foreign key relationship between 'authors' and 'secrets' in the schema 'public', but no matches were found.",
      hint: null,
    });
  });

  it("hints the closest related table of a misspelled embed, as PostgREST's noRelBetweenHint", async () => {
    const result = await db.anon.from("authors").select("name,post(title)");
    expect(result.status).toBe(400);
    expect(result.error).toEqual({
      code: "PGRST200",
      message: "Could not find a relationship between 'authors' and 'post' in the schema cache",
      details:
        "Searched for a foreign key relationship between 'authors' and 'post' in the schema 'public', but no matches were found.",
      hint: "Perhaps you meant 'posts' instead of 'post'.",
    });
  });

  it("refuses a filter on a resource that is not embedded with PGRST108", async () => {
    const result = await db.anon.from("authors").select("name").eq("posts.published", true);
    expect(result.status).toBe(400);
    expect(result.error).toEqual({
      code: "PGRST108",
      message: "'posts' is not an embedded resource in this request",
      details: null,
      hint: "Verify that 'posts' is included in the 'select' query parameter.",
    });
  });

  it("refuses an unknown column inside an embed", async () => {
    const result = await db.anon.from("posts").select("comments(nope)");
    expect(result).toMatchObject({
      status: 400,
      error: { code: "42703", message: "column comments.nope does not exist" },
    });
  });
});
