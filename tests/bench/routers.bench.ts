/**
 * Benchmarks of the routers, measured side by side in one run (machines are noisy: read the
 * ratios): the board's first page with 1,000 vs 100,000 items, and `todo.list` through
 * createCaller vs the same supabase-js query called directly. Run: npm run bench
 * A vitest file only because the routers' `~/` imports need its resolver; it asserts nothing.
 */
import { test } from "vitest";
import { createTestKit } from "../support/callers";

const ROUNDS = 5;
const CALLS = 100;

type Kit = Awaited<ReturnType<typeof createTestKit>>;

async function boardWith(items: number) {
  const kit = await createTestKit();
  const author = await kit.createUser("user");
  await kit.stack.db.query(
    `insert into public.items (author_id, title, created_at)
     select $1, 'item ' || n, now() - n * interval '1 second' from generate_series(1, $2) n`,
    [author.id, items],
  );
  await kit.stack.db.exec("analyze public.items");
  return { kit, anon: (await kit.callerFor("anon")).caller };
}

/** Median milliseconds of one call, over `CALLS` calls. */
async function medianMs(call: () => Promise<unknown>) {
  const times: number[] = [];
  for (let index = 0; index < CALLS; index++) {
    const started = performance.now();
    await call();
    times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)] ?? Number.NaN;
}

/** Interleaved rounds, so both sides see the same machine; the median of the rounds' medians. */
async function sideBySide(a: () => Promise<unknown>, b: () => Promise<unknown>) {
  const rounds = { a: [] as number[], b: [] as number[] };
  for (let round = 0; round < ROUNDS; round++) {
    rounds.a.push(await medianMs(a));
    rounds.b.push(await medianMs(b));
  }
  const median = (values: number[]) => values.sort((x, y) => x - y)[Math.floor(values.length / 2)] ?? Number.NaN;
  return { a: median(rounds.a), b: median(rounds.b) };
}

/** The plan line that reads `items`: what the board's `order by created_at desc, id desc limit 21` scans. */
async function firstPagePlan(kit: Kit) {
  const plan = await kit.stack.db.query<{ "QUERY PLAN": string }>(
    `explain select items.id, items.title, items.body, items.created_at, profiles.username
     from public.items join public.profiles on profiles.id = items.author_id
     order by items.created_at desc, items.id desc limit 21`,
  );
  const line =
    plan.rows.map((row) => row["QUERY PLAN"]).find((text) => / on items\b/.test(text)) ?? "(no scan of items)";
  return `${line.trim()}${line.includes("items_created_at_id_idx") ? "" : "  <- NOT the (created_at, id) index"}`;
}

const verdict = (ratio: number, target: number) =>
  ratio <= target ? `(target <= ${target}: met)` : `(target <= ${target}: MISSED)`;

test("router benchmarks", { timeout: 600_000 }, async () => {
  const small = await boardWith(1_000);
  const large = await boardWith(100_000);
  const board = await sideBySide(
    () => small.anon.item.list({ limit: 20 }),
    () => large.anon.item.list({ limit: 20 }),
  );

  const { kit } = small;
  const user = await kit.callerFor("user");
  await kit.admin
    .from("todos")
    .insert(Array.from({ length: 50 }, (_, n) => ({ owner_id: user.account.id, title: `todo ${n}` })));
  const direct = user.ctx.supabase;
  const todos = await sideBySide(
    () => user.caller.todo.list({ limit: 20 }),
    async () => {
      const { error } = await direct
        .from("todos")
        .select("id, title, done, created_at, updated_at")
        .eq("owner_id", user.account.id)
        .order("created_at", { ascending: false })
        .order("id", { ascending: false })
        .limit(21);
      if (error) throw error;
    },
  );

  const rows = [
    ["board first page, 1,000 items", board.a, 1],
    ["board first page, 100,000 items", board.b, board.b / board.a],
    ["todo.list through createCaller", todos.a, todos.a / todos.b],
    ["the same query through supabase-js", todos.b, 1],
  ] as const;
  console.log(`\n${"".padEnd(40)}${"p50 ms".padStart(10)}${"ratio".padStart(8)}`);
  for (const [name, ms, ratio] of rows)
    console.log(`${name.padEnd(40)}${ms.toFixed(2).padStart(10)}${ratio.toFixed(2).padStart(8)}`);
  console.log(`\nplan of the board's first page with 100,000 items: ${await firstPagePlan(large.kit)}`);
  console.log(`board 100k/1k p50 ratio: ${(board.b / board.a).toFixed(2)} ${verdict(board.b / board.a, 1.2)}`);
  console.log(`todo.list tRPC/supabase-js p50 ratio: ${(todos.a / todos.b).toFixed(2)}`);
});
