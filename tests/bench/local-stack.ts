/**
 * Benchmark of the embedded local Supabase, measured side by side in one run (machines are
 * noisy, so only the ratios mean much): the same point select and insert as raw SQL on
 * PGlite, through supabase-js in-process, and through supabase-js over loopback HTTP; a
 * profiles read while sign-ins run; then boot times. Ends with the two in-process ratios the
 * local stack is held to (issue #12). Run: npm run bench
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createClient } from "@supabase/supabase-js";
import { openDatabase, openSnapshotDatabase } from "../../supabase/local/database.ts";
import { serveHttp } from "../../supabase/local/http-server.ts";
import { runInTransaction } from "../../supabase/local/rest/transaction.ts";
import { loadSettings } from "../../supabase/local/settings.ts";
import { createLocalStack } from "../../supabase/local/stack.ts";

const ROUNDS = 15;
const OPERATIONS = 100;
/** V8 compiles PGlite's WASM in tiers, hot functions last: unwarmed, the first variants measured pay for it. */
const WARMUP_OPERATIONS = 1000;
const SIGN_IN_READS = 300;

const db = await openSnapshotDatabase();
await db.exec(`
  create table public.bench_items (id bigint generated always as identity primary key, title text not null);
  insert into public.bench_items (title) select 'item ' || n from generate_series(1, 1000) n;`);
const stack = await createLocalStack(db, loadSettings(), "http://127.0.0.1");
const http = await serveHttp(stack, 0);
const address = http.address();
if (!address || typeof address === "string") throw new Error("the benchmark server has no port");
const clientOptions = { auth: { persistSession: false, autoRefreshToken: false } };
const inProcess = createClient(stack.url, stack.keys.serviceRoleKey, {
  ...clientOptions,
  global: { fetch: stack.fetch },
});
const overHttp = createClient(`http://127.0.0.1:${address.port}`, stack.keys.serviceRoleKey, clientOptions);

const id = () => 1 + Math.floor(Math.random() * 1000);
const must = <T extends { error: unknown }>(result: T) => {
  if (result.error) throw result.error;
  return result;
};

/** The REST layer's own transaction runner (rest/transaction.ts) on the same SQL: one message, prepared once. */
const settings = {
  searchPath: '"public", "public", "extensions"',
  roleSettings: [],
  role: "service_role",
  claims: '{"role":"service_role"}',
  method: "GET",
  path: "/bench_items",
  headers: "{}",
  cookies: "{}",
  readOnly: false,
  rollback: false,
};
const asRest = (sql: string, params: unknown[]) => runInTransaction(db, settings, { sql, params });

const variants = {
  select: {
    "raw SQL on PGlite": () => db.query("select id, title from public.bench_items where id = $1", [id()]),
    "same SQL + tx, as REST": () =>
      asRest("select row_to_json(t)::text as body from (select id, title from public.bench_items where id = $1) t", [
        id(),
      ]),
    "supabase-js in-process": async () =>
      must(await inProcess.from("bench_items").select("id, title").eq("id", id()).single()),
    "supabase-js over HTTP": async () =>
      must(await overHttp.from("bench_items").select("id, title").eq("id", id()).single()),
  },
  insert: {
    "raw SQL on PGlite": () => db.query("insert into public.bench_items (title) values ($1)", ["new"]),
    "same SQL + tx, as REST": () =>
      asRest("with inserted as (insert into public.bench_items (title) values ($1) returning 1) select 1", ["new"]),
    "supabase-js in-process": async () => must(await inProcess.from("bench_items").insert({ title: "new" })),
    "supabase-js over HTTP": async () => must(await overHttp.from("bench_items").insert({ title: "new" })),
  },
};

/** Median per-operation time of each variant, once warm, rounds interleaved so drift hits all alike. */
async function measure(runs: Record<string, () => Promise<unknown>>) {
  for (const run of Object.values(runs)) for (let i = 0; i < WARMUP_OPERATIONS; i++) await run();
  const samples: Record<string, number[]> = Object.fromEntries(Object.keys(runs).map((name) => [name, []]));
  for (let round = 0; round < ROUNDS; round++) {
    for (const [name, run] of Object.entries(runs)) {
      const started = performance.now();
      for (let i = 0; i < OPERATIONS; i++) await run();
      samples[name]?.push((performance.now() - started) / OPERATIONS);
    }
  }
  return Object.entries(samples).map(([name, times]) => [name, times.sort((a, b) => a - b)[ROUNDS >> 1] ?? 0] as const);
}

const ratios: Record<string, number> = {};
for (const [operation, runs] of Object.entries(variants)) {
  const results = await measure(runs);
  const baseline = results[0]?.[1] ?? 1;
  console.log(`\n${operation} (median of ${ROUNDS} rounds x ${OPERATIONS})`);
  for (const [name, ms] of results) {
    console.log(`  ${name.padEnd(24)} ${(ms * 1000).toFixed(0).padStart(6)} µs  ${(ms / baseline).toFixed(2)}x raw`);
  }
  ratios[operation] = (results.find(([name]) => name === "supabase-js in-process")?.[1] ?? 0) / baseline;
}

/** Latency of a plain read while sign-ins (bcrypt) keep coming: what one slow login costs everyone else. */
async function readLatencyDuringSignIns(signInsRunning: boolean) {
  const email = `bench-${Date.now()}-${signInsRunning}@example.com`;
  const anon = () => createClient(stack.url, stack.keys.anonKey, { ...clientOptions, global: { fetch: stack.fetch } });
  must(await anon().auth.signUp({ email, password: "bench password" }));
  let reading = true;
  const signIns = signInsRunning
    ? Array.from({ length: 2 }, async () => {
        while (reading) must(await anon().auth.signInWithPassword({ email, password: "bench password" }));
      })
    : [];
  const latencies: number[] = [];
  for (let i = 0; i < SIGN_IN_READS; i++) {
    const started = performance.now();
    must(await inProcess.from("profiles").select("id, username").limit(1));
    latencies.push(performance.now() - started);
  }
  reading = false;
  await Promise.all(signIns);
  latencies.sort((a, b) => a - b);
  const at = (q: number) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? 0;
  return { p50: at(0.5), p99: at(0.99) };
}

console.log(`\nprofiles read through supabase-js in-process (${SIGN_IN_READS} reads)`);
for (const signInsRunning of [false, true]) {
  const { p50, p99 } = await readLatencyDuringSignIns(signInsRunning);
  const label = signInsRunning ? "while 2 clients sign in" : "alone";
  console.log(`  ${label.padEnd(24)} p50 ${p50.toFixed(1).padStart(6)} ms  p99 ${p99.toFixed(1).padStart(6)} ms`);
}
http.close();
await db.close();

const folder = mkdtempSync(join(tmpdir(), "bench-boot-"));
const timed = async (label: string, open: () => Promise<{ close(): Promise<void> }>) => {
  const started = performance.now();
  const opened = await open();
  console.log(
    `  ${label.padEnd(24)} ${Math.round(performance.now() - started)
      .toString()
      .padStart(6)} ms`,
  );
  await opened.close();
};
console.log("\nboot");
await timed("fresh folder (snapshot + seed)", () => openDatabase(join(folder, "data")));
await timed("existing folder", () => openDatabase(join(folder, "data")));
await timed("from snapshot", () => openSnapshotDatabase());
rmSync(folder, { recursive: true, force: true });

console.log("");
console.log(`local stack select: ${ratios.select?.toFixed(2)}× raw PGlite`);
console.log(`local stack insert: ${ratios.insert?.toFixed(2)}× raw PGlite`);
