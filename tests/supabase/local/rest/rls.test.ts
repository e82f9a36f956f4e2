import { beforeAll, describe, expect, it } from "vitest";
import type { LocalStack } from "../../../../supabase/local/stack.ts";
import { ALICE, BOB, clients, startBlog } from "./fixture.ts";

let stack: LocalStack;
let db: Awaited<ReturnType<typeof clients>>;

beforeAll(async () => {
  stack = await startBlog();
  db = await clients(stack);
});

const idsOf = (data: Array<{ id: number }> | null) => (data ?? []).map((row) => row.id);

describe("row level security through the REST API", () => {
  it("alice reads her own draft; bob and anon do not see it", async () => {
    expect(idsOf((await db.alice.from("posts").select("id").order("id")).data)).toEqual([1, 2, 3, 4]);
    expect(idsOf((await db.bob.from("posts").select("id").order("id")).data)).toEqual([1, 2, 4]);
    expect(idsOf((await db.anon.from("posts").select("id").order("id")).data)).toEqual([1, 2, 4]);
  });

  it("the service role bypasses RLS and sees every row", async () => {
    const { count } = await db.service.from("comments").select("*", { count: "exact", head: true });
    expect(count).toBe(3);
  });

  it("anon is shown no comments where the policy covers only signed-in users", async () => {
    expect(await db.anon.from("comments").select()).toMatchObject({ data: [], status: 200 });
  });

  it("bob cannot update alice's post: no row matches, nothing changes", async () => {
    const result = await db.bob.from("posts").update({ title: "hijacked" }).eq("id", 1).select();
    expect(result).toMatchObject({ status: 200, data: [], error: null });
    expect((await db.alice.from("posts").select("title").eq("id", 1).single()).data).toEqual({ title: "Hello world" });
  });

  it("bob cannot delete alice's post", async () => {
    const result = await db.bob.from("posts").delete().eq("id", 2).select();
    expect(result).toMatchObject({ status: 200, data: [] });
    expect((await db.anon.from("posts").select("id").eq("id", 2)).data).toEqual([{ id: 2 }]);
  });

  it("bob cannot move his post to alice (WITH CHECK): 403 42501", async () => {
    const result = await db.bob.from("posts").update({ author_id: ALICE }).eq("id", 4);
    expect(result.status).toBe(403);
    expect(result.error).toEqual({
      code: "42501",
      message: 'new row violates row-level security policy for table "posts"',
      details: null,
      hint: null,
    });
  });

  it("bob cannot insert a post as alice: 403 42501", async () => {
    const result = await db.bob.from("posts").insert({ author_id: ALICE, title: "forged" });
    expect(result).toMatchObject({ status: 403, error: { code: "42501" } });
  });

  it("anon cannot insert a post: 401 42501 (no insert policy for anon)", async () => {
    const result = await db.anon.from("posts").insert({ author_id: BOB, title: "anonymous" });
    expect(result).toMatchObject({ status: 401, error: { code: "42501" } });
  });

  it("a table without grants is 401 for anon and 403 for a user (42501)", async () => {
    const anon = await db.anon.from("secrets").select();
    expect(anon.status).toBe(401);
    expect(anon.error).toEqual({
      code: "42501",
      message: "permission denied for table secrets",
      details: null,
      hint: null,
    });
    expect(await db.bob.from("secrets").select()).toMatchObject({ status: 403, error: { code: "42501" } });
  });

  it("bob edits his own profile but not alice's", async () => {
    expect((await db.bob.from("authors").update({ bio: "mine" }).eq("id", BOB).select("bio")).data).toEqual([
      { bio: "mine" },
    ]);
    expect((await db.bob.from("authors").update({ bio: "theirs" }).eq("id", ALICE).select("bio")).data).toEqual([]);
  });
});
