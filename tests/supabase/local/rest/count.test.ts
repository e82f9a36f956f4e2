import { beforeAll, describe, expect, it } from "vitest";
import type { LocalStack } from "../../../../supabase/local/stack.ts";
import { rawRequest, startBlog } from "./fixture.ts";

let stack: LocalStack;

/** The planner's estimate for the count query PostgREST explains, read straight from Postgres. */
async function planned(where = "") {
  const { rows } = await stack.db.query<{ "QUERY PLAN": Array<{ Plan: { "Plan Rows": number } }> }>(
    `EXPLAIN (FORMAT JSON) SELECT 1 FROM public.numbers AS t0 ${where}`,
  );
  return rows[0]?.["QUERY PLAN"][0]?.Plan["Plan Rows"];
}

beforeAll(async () => {
  stack = await startBlog();
  // Stale statistics on purpose: ANALYZE sees 1500 rows, then 500 more arrive unseen.
  await stack.db.exec(`
    create table public.numbers (n int primary key);
    grant select on public.numbers to anon;
    insert into public.numbers select generate_series(1, 1500);
    analyze public.numbers;
    insert into public.numbers select generate_series(1501, 2000);
  `);
});

describe("Prefer: count", () => {
  it("count=planned answers the planner's estimate, 206 for a partial page", async () => {
    const response = await rawRequest(stack, "numbers?select=n&limit=10", { headers: { Prefer: "count=planned" } });
    const estimate = await planned();
    expect(estimate).not.toBe(2000);
    expect(response.status).toBe(206);
    expect(response.headers.get("content-range")).toBe(`0-9/${estimate}`);
    expect(response.headers.get("preference-applied")).toBe("count=planned");
  });

  it("count=planned explains the filtered query", async () => {
    const response = await rawRequest(stack, "numbers?select=n&n=lt.100", { headers: { Prefer: "count=planned" } });
    expect(response.headers.get("content-range")).toBe(`0-98/${await planned("WHERE t0.n < 100")}`);
  });

  it("count=estimated is exact up to max_rows", async () => {
    const response = await rawRequest(stack, "numbers?select=n&n=lte.40&limit=5", {
      headers: { Prefer: "count=estimated" },
    });
    expect(response.status).toBe(206);
    expect(response.headers.get("content-range")).toBe("0-4/40");
  });

  it("count=estimated past max_rows takes the larger of max_rows + 1 and the estimate", async () => {
    const response = await rawRequest(stack, "numbers?select=n&limit=1", { headers: { Prefer: "count=estimated" } });
    const expected = Math.max(stack.settings.api.max_rows + 1, (await planned()) ?? 0);
    expect(response.headers.get("content-range")).toBe(`0-0/${expected}`);
  });

  it("count=planned on a function gives no total, as PostgREST does", async () => {
    const response = await rawRequest(stack, "rpc/titles_like?pattern=%25", { headers: { Prefer: "count=planned" } });
    expect(response.status).toBe(200);
    expect(response.headers.get("content-range")).toBe("0-2/*");
  });
});
