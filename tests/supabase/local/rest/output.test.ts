/**
 * The output rows of supabase/local/rest/README.md: `text/csv` (supabase-js `.csv()`) built in
 * SQL as PostgREST's asCsvF builds it, and `application/vnd.pgrst.plan` (`.explain()`), off
 * unless `pgrst.db_plan_enabled`. CSV bodies are PostgREST's byte for byte; plans cannot be, so
 * their structure is asserted.
 */
import type { SupabaseClient } from "@supabase/supabase-js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { LocalStack } from "../../../../supabase/local/stack.ts";
import { ALICE, BOB, clients, rawRequest, startBlog } from "./fixture.ts";

let stack: LocalStack;
let db: { service: SupabaseClient; alice: SupabaseClient };

beforeAll(async () => {
  stack = await startBlog();
  await stack.db.exec(`
    create table public.samples (id int primary key, label text, tags text[]);
    insert into public.samples values
      (1, 'a,b', '{x,"y z"}'), (2, 'say "hi"', null), (3, 'back\\slash', '{}'), (4, '', null),
      (5, null, null), (6, e'two\\nlines', null), (7, '(paren)', null);
  `);
  db = await clients(stack);
});

const setPlanEnabled = (on: boolean) =>
  stack.db.exec(
    on
      ? "alter role authenticator set pgrst.db_plan_enabled = 'true'; notify pgrst, 'reload config';"
      : "alter role authenticator reset pgrst.db_plan_enabled; notify pgrst, 'reload config';",
  );

const PLAN_TEXT_OF_JSON = 'application/vnd.pgrst.plan+text; for="application/json"';

describe("text/csv", () => {
  it("a read is a header line of column names, then each row as Postgres writes it, NULL as nothing", async () => {
    const { data, status } = await db.service.from("authors").select("id,name,bio,profile").order("name").csv();
    expect(status).toBe(200);
    expect(data).toBe(
      [
        "id,name,bio,profile",
        `${ALICE},alice,"writes a lot","{""city"": ""Paris"", ""langs"": [""fr"", ""en""]}"`,
        `${BOB},bob,,`,
      ].join("\n"),
    );
  });

  it("quotes and escapes values exactly as Postgres's record output does", async () => {
    const { data } = await db.service.from("samples").select("id,label,tags").order("id").csv();
    expect(data).toBe(
      [
        "id,label,tags",
        '1,"a,b","{x,""y z""}"',
        '2,"say ""hi""",',
        '3,"back\\\\slash",{}',
        '4,"",',
        "5,,",
        '6,"two\nlines",',
        '7,"(paren)",',
      ].join("\n"),
    );
  });

  it("an empty result is a lone newline: PostgREST names the columns of the first row, and there is none", async () => {
    const { data, status } = await db.service.from("authors").select("id,name").eq("name", "nobody").csv();
    expect(status).toBe(200);
    expect(data).toBe("\n");
  });

  it("answers text/csv with Content-Range and counts as for JSON", async () => {
    const response = await rawRequest(stack, "posts?select=id,title&order=id", {
      token: stack.keys.serviceRoleKey,
      headers: { Accept: "text/csv", Prefer: "count=exact", Range: "0-1" },
    });
    expect(response.status).toBe(206);
    expect(response.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    expect(response.headers.get("content-range")).toBe("0-1/4");
    expect(await response.text()).toBe('id,title\n1,"Hello world"\n2,"Second thoughts"');
  });

  it("runs as the caller, under row level security", async () => {
    const { data } = await db.alice.from("posts").select("id").order("id").csv();
    expect(data).toBe("id\n1\n2\n3\n4");
    const anon = await rawRequest(stack, "posts?select=id&order=id", { headers: { Accept: "text/csv" } });
    expect(await anon.text()).toBe("id\n1\n2\n4");
  });

  it("writes embeds as their JSON text", async () => {
    const { data } = await db.service.from("posts").select("id,authors!author_id(name)").eq("id", 4).csv();
    expect(data).toBe('id,authors\n4,"{""name"":""bob""}"');
  });

  it("a mutation's representation: the header names what PostgREST's RETURNING lists (all for *)", async () => {
    const inserted = await db.service.from("samples").insert({ id: 10, label: "new" }).select().csv();
    expect(inserted).toMatchObject({ status: 201, data: "id,label,tags\n10,new," });
    // PostgREST returns the selected columns and the primary key, sorted, whatever the select's order.
    const updated = await db.service.from("samples").update({ label: "newer" }).eq("id", 10).select("label").csv();
    expect(updated).toMatchObject({ status: 200, data: "id,label\nnewer" });
    const embedded = await db.service
      .from("posts")
      .insert({ author_id: ALICE, title: "csv" })
      .select("title,authors!author_id(name)")
      .csv();
    // RETURNING adds the embed's join column too; the rows still hold only the selected items.
    expect(embedded.data).toBe('author_id,id,title\ncsv,"{""name"":""alice""}"');
    const none = await db.service.from("samples").delete().eq("id", 999).select().csv();
    expect(none).toMatchObject({ status: 200, data: "\n" });
  });

  it("a function's result: scalars under pgrst_scalar, rows under the function's columns", async () => {
    expect((await db.service.rpc("add", { a: 1 }).csv()).data).toBe("pgrst_scalar\n3");
    expect((await db.service.rpc("comment_counts").csv()).data).toBe("post_id,n\n1,2\n4,1");
    const titles = await db.service.rpc("titles_like", { pattern: "hello%" }).select("title").csv();
    expect(titles.data).toBe('title\n"Hello world"');
  });

  it("a function's header names its first row even when the filters keep none, as PostgREST", async () => {
    const { data } = await db.service.rpc("titles_like", { pattern: "%" }).eq("id", 999).csv();
    expect(data).toBe("id,author_id,editor_id,title,published,tags,rank,created_at\n");
  });

  it("Accept order follows quality, then specificity, as PostgREST's parseHttpAccept", async () => {
    const byQuality = await rawRequest(stack, "posts?select=id&id=eq.1", {
      headers: { Accept: "application/json;q=0.5, text/csv" },
    });
    expect(await byQuality.text()).toBe("id\n1");
    const bySpecificity = await rawRequest(stack, "posts?select=id&id=eq.1", {
      headers: { Accept: "*/*, application/vnd.pgrst.array+json;nulls=stripped" },
    });
    expect(bySpecificity.headers.get("content-type")).toBe(
      "application/vnd.pgrst.array+json;nulls=stripped; charset=utf-8",
    );
  });
});

describe("application/vnd.pgrst.plan while pgrst.db_plan_enabled is off (the default)", () => {
  it("answers 406 PGRST107 naming the plan type as PostgREST does", async () => {
    const { error, status } = await db.service.from("posts").select().explain();
    expect(status).toBe(406);
    expect(error).toMatchObject({
      code: "PGRST107",
      message: `None of these media types are available: ${PLAN_TEXT_OF_JSON}`,
    });
  });

  it("passes over the plan type to the next one accepted", async () => {
    const response = await rawRequest(stack, "posts?select=id&id=eq.1", {
      headers: { Accept: "application/vnd.pgrst.plan+json; options=analyze|verbose, text/csv" },
    });
    expect(await response.text()).toBe("id\n1");
  });
});

describe("application/vnd.pgrst.plan once pgrst.db_plan_enabled is on", () => {
  beforeAll(() => setPlanEnabled(true));
  afterAll(() => setPlanEnabled(false));

  it("explains a read in text by default, with PostgREST's Content-Type", async () => {
    const response = await rawRequest(stack, "posts?id=eq.1", { headers: { Accept: "application/vnd.pgrst.plan" } });
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe(`${PLAN_TEXT_OF_JSON}; charset=utf-8`);
    expect(response.headers.get("content-range")).toBeNull();
    const text = await response.text();
    expect(text).toMatch(/^Aggregate {2}\(cost=/);
    expect(text).toContain("posts");
    expect(text.endsWith("\n")).toBe(true);
  });

  it("explain({ format: 'json', analyze }) runs it: the JSON plan has Plan, Node Type and actual times", async () => {
    const { data, status } = await db.service
      .from("posts")
      .select("id,title")
      .explain({ format: "json", analyze: true });
    expect(status).toBe(200);
    const [plan] = data as unknown as Array<{ Plan: Record<string, unknown>; "Execution Time": number }>;
    expect(plan?.Plan["Node Type"]).toBe("Aggregate");
    expect(plan?.Plan["Actual Total Time"]).toEqual(expect.any(Number));
    expect(plan?.["Execution Time"]).toEqual(expect.any(Number));
  });

  it("names the options in Content-Type and passes them to EXPLAIN", async () => {
    const response = await rawRequest(stack, "posts?select=id", {
      headers: { Accept: 'application/vnd.pgrst.plan+json; for="application/json"; options=analyze|verbose|buffers' },
    });
    expect(response.headers.get("content-type")).toBe(
      'application/vnd.pgrst.plan+json; for="application/json"; options=analyze|verbose|buffers; charset=utf-8',
    );
    const [plan] = (await response.json()) as Array<{ Plan: Record<string, unknown> }>;
    expect(plan?.Plan.Output).toEqual(expect.any(Array));
    expect(plan?.Plan["Shared Hit Blocks"]).toEqual(expect.any(Number));
  });

  it("explains the statement of the media type in for=: CSV and a single object", async () => {
    const csv = await rawRequest(stack, "posts?select=id", {
      headers: { Accept: 'application/vnd.pgrst.plan; for="text/csv"; options=verbose' },
    });
    expect(await csv.text()).toContain("string_agg");
    const single = await rawRequest(stack, "posts?select=id&id=eq.1", {
      headers: { Accept: 'application/vnd.pgrst.plan+json; for="application/vnd.pgrst.object"; options=verbose' },
    });
    expect(single.headers.get("content-type")).toBe(
      'application/vnd.pgrst.plan+json; for="application/vnd.pgrst.object+json"; options=verbose; charset=utf-8',
    );
  });

  it("explains as the caller, so row level security's filter is in the plan", async () => {
    const { data } = await db.alice.from("posts").select("id").explain();
    expect(data).toContain("published");
  });

  it("explains a function call", async () => {
    const { data, status } = await db.service.rpc("comment_counts").explain();
    expect(status).toBe(200);
    expect(data).toContain("cost=");
  });

  it("a mutation's plan changes nothing, unless analyze runs it, which commits as on PostgREST", async () => {
    await db.service.from("samples").insert({ id: 20, label: "planned" }).explain();
    expect((await db.service.from("samples").select("id").eq("id", 20)).data).toEqual([]);
    const analyzed = await db.service.from("samples").insert({ id: 21, label: "analyzed" }).explain({ analyze: true });
    expect(analyzed.data).toContain("Insert on samples");
    expect((await db.service.from("samples").select("id").eq("id", 21)).data).toEqual([{ id: 21 }]);
  });

  it("analyze keeps nothing when the transaction ends in rollback (Prefer: tx=rollback, allowed)", async () => {
    await stack.db.exec(
      "alter role authenticator set pgrst.db_tx_end = 'commit-allow-override'; notify pgrst, 'reload config';",
    );
    try {
      const analyzed = await db.service
        .from("samples")
        .insert({ id: 22, label: "rolled back" })
        .rollback()
        .explain({ analyze: true });
      expect(analyzed.data).toContain("Insert on samples");
      expect((await db.service.from("samples").select("id").eq("id", 22)).data).toEqual([]);
    } finally {
      await stack.db.exec("alter role authenticator reset pgrst.db_tx_end; notify pgrst, 'reload config';");
    }
  });

  it("a plan for a media type no handler produces is PGRST107, named as PostgREST names it", async () => {
    const response = await rawRequest(stack, "posts", {
      headers: { Accept: 'application/vnd.pgrst.plan; for="text/xml"' },
    });
    expect(response.status).toBe(406);
    expect(await response.json()).toMatchObject({
      code: "PGRST107",
      message: 'None of these media types are available: application/vnd.pgrst.plan+text; for="text/xml"',
    });
  });
});
