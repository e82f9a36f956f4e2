/**
 * Where the local stack's memory goes under load, and whether it comes back (issue 12). Runs the
 * stack in a process of its own over a data folder on disk, as `npm run db:start` does
 * (tests/bench/stack-memory/sampled-stack.ts), sends it over HTTP the Supabase requests of the
 * app's mixed load (50 connections), lets it idle, then sends one kind of request at a time:
 * sign-ins, 1 MB bulk inserts, big sorted selects, exact counts, more statement shapes than
 * rest/prepared.ts keeps. Prints the stack's own samples (Node's memoryUsage, PGlite's
 * WebAssembly memory and its resident part, Postgres's memory contexts) and the conclusion.
 * Run: node tests/bench/stack-memory.ts (about 2 minutes); LOAD_SECONDS (30), IDLE_SECONDS (30).
 */
import { fork } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setTimeout as delay } from "node:timers/promises";
import autocannon from "autocannon";
import { openDatabase } from "../../supabase/local/database.ts";
import type { Command, Sample } from "./stack-memory/sampled-stack.ts";

const LOAD_SECONDS = Number(process.env.LOAD_SECONDS ?? 30);
const IDLE_SECONDS = Number(process.env.IDLE_SECONDS ?? 30);
const CONNECTIONS = 50;
const REPEATS = 20;
const SHAPES = 400;
const ALICE = { email: "alice@example.com", password: "password123" };

const folder = mkdtempSync(join(tmpdir(), "stack-memory-"));
const dataDir = join(folder, "data");
// Built here, so the stack reopens a folder as `npm run db:start` does after `db:reset`.
await (await openDatabase(dataDir)).close();
const child = fork(new URL("stack-memory/sampled-stack.ts", import.meta.url).pathname, [dataDir], {
  execArgv: ["--expose-gc"],
  stdio: ["ignore", "inherit", "inherit", "ipc"],
});
const everySecond: Sample[] = [];
const replies = new Map<number, (sample: Sample) => void>();
let nextId = 0;
const ready = new Promise<{ port: number; anonKey: string; serviceRoleKey: string }>((resolve, reject) => {
  child.once("exit", (code) => reject(new Error(`the stack exited with ${code}`)));
  child.on("message", (message: { id?: number; sample: Sample; ready?: never }) => {
    if (message.ready) resolve(message.ready);
    else if (message.id === undefined) everySecond.push(message.sample);
    else replies.get(message.id)?.(message.sample);
  });
});

function ask(command: Omit<Command, "id">) {
  const id = nextId++;
  return new Promise<Sample>((resolve) => {
    replies.set(id, resolve);
    child.send({ id, ...command });
  });
}

try {
  const { port, anonKey, serviceRoleKey } = await ready;
  const base = `http://127.0.0.1:${port}`;
  const asAnon = { apikey: anonKey, authorization: `Bearer ${anonKey}` };
  const asService = { apikey: serviceRoleKey, authorization: `Bearer ${serviceRoleKey}` };
  const post = (headers: Record<string, string>, body: unknown) => ({
    method: "POST" as const,
    headers: { ...headers, "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  const signIn = () => fetch(`${base}/auth/v1/token?grant_type=password`, post(asAnon, ALICE));
  const session = (await (await signIn()).json()) as { access_token: string; user: { id: string } };
  const claims = JSON.parse(Buffer.from(session.access_token.split(".")[1] ?? "", "base64url").toString());
  const asAlice = { apikey: anonKey, authorization: `Bearer ${session.access_token}` };
  const todoColumns = "select=id,title,done,created_at,updated_at";
  const repeat = async (times: number, request: (i: number) => Promise<Response>) => {
    for (let i = 0; i < times; i++) {
      const response = await request(i);
      if (!response.ok) throw new Error(`${response.url}: ${response.status} ${await response.text()}`);
      await response.arrayBuffer();
    }
  };

  // Opening PGlite leaves a native peak of 150 to 200 MB for about a second; the start is after it.
  await delay(2000);
  const table = [await ask({ sample: "started, after a GC", gc: "regular" })];
  // What profile.get, todo.list and todo.create (with its session check) ask of Supabase.
  const load = await autocannon({
    url: base,
    connections: CONNECTIONS,
    duration: LOAD_SECONDS,
    timeout: 30,
    requests: [
      { path: "/rest/v1/profiles?select=username,display_name,created_at&username=eq.alice", headers: asAnon },
      {
        path: `/rest/v1/todos?${todoColumns}&owner_id=eq.${session.user.id}&order=created_at.desc,id.desc&limit=11`,
        headers: asAlice,
      },
      { path: "/rest/v1/rpc/session_is_active", ...post(asService, { session_id: claims.session_id }) },
      {
        path: `/rest/v1/todos?${todoColumns}`,
        ...post(
          { ...asAlice, prefer: "return=representation", accept: "application/vnd.pgrst.object+json" },
          { title: "memory bench" },
        ),
      },
    ],
  });
  table.push(await ask({ sample: "end of the load" }), await ask({ sample: "after a GC", gc: "regular" }));
  await delay(IDLE_SECONDS * 1000);
  const idleEnd = everySecond.length;
  table.push(await ask({ sample: `idle ${IDLE_SECONDS} s` }));
  table.push(await ask({ sample: "memory-reducing GC", gc: "memory-reducing" }));

  const kinds: Array<[string, () => Promise<void>]> = [
    [`${REPEATS} sign-ins (bcrypt)`, () => repeat(REPEATS, signIn)],
    [
      "5 bulk inserts of 1 MB",
      () =>
        repeat(5, () =>
          fetch(
            `${base}/rest/v1/todos`,
            post(
              asAlice,
              Array.from({ length: 5000 }, () => ({ title: "x".repeat(195) })),
            ),
          ),
        ),
    ],
    [
      `${REPEATS} selects of 1000 rows by title`,
      () => repeat(REPEATS, () => fetch(`${base}/rest/v1/todos?select=*&order=title`, { headers: asService })),
    ],
    [
      `${REPEATS} exact counts`,
      () =>
        repeat(REPEATS, () =>
          fetch(`${base}/rest/v1/todos?select=id&limit=1`, { headers: { ...asService, prefer: "count=exact" } }),
        ),
    ],
    [
      `${SHAPES} statement shapes`,
      () => repeat(SHAPES, (i) => fetch(`${base}/rest/v1/todos?select=id,t${i}:title&limit=1`, { headers: asService })),
    ],
  ];
  for (const [label, run] of kinds) {
    await run();
    table.push(await ask({ sample: `${label}, GC`, gc: "memory-reducing" }));
  }
  table.push(await ask({ sample: "DEALLOCATE ALL, GC", sql: "DEALLOCATE ALL", gc: "memory-reducing" }));

  const mb = (value = 0) => value.toFixed(0).padStart(5);
  console.log(
    `\nload: ${load.requests.total} requests in ${load.duration} s (${Math.round(load.requests.average)} req/s), ` +
      `non-2xx ${load.non2xx}, errors ${load.errors}`,
  );
  console.log("\nevery second of the load and the idle (s: rss/heapTotal/heapUsed MB)");
  const trace = everySecond.slice(0, idleEnd).map((s) => `${s.at}: ${mb(s.rss)}/${mb(s.heapTotal)}/${mb(s.heapUsed)}`);
  for (let i = 0; i < trace.length; i += 6) console.log(trace.slice(i, i + 6).join("  "));
  console.log(`\n${"MB".padEnd(36)}   rss heapT heapU  ext arrBf  wasm wasmR pgCtx prepared`);
  for (const s of table) {
    console.log(
      `${s.label.padEnd(36)} ${mb(s.rss)} ${mb(s.heapTotal)} ${mb(s.heapUsed)} ${mb(s.external)} ${mb(s.arrayBuffers)} ` +
        `${mb(s.wasm)} ${mb(s.wasmResident)} ${(s.pgContexts ?? 0).toFixed(1).padStart(5)} ${s.preparedStatements}`,
    );
  }

  const [start, , afterGc, idle, reduced] = table as [Sample, Sample, Sample, Sample, Sample];
  const end = table.at(-1) as Sample;
  const peak = everySecond.slice(0, idleEnd).reduce((high, s) => (s.rss > high.rss ? s : high), start);
  const n = (value = 0) => value.toFixed(0);
  console.log(
    [
      "\nconclusion",
      `- RSS ${n(start.rss)} MB at start, ${n(peak.rss)} MB at its peak (${peak.at} s); V8's heap ` +
        `${n(start.heapTotal)} → ${n(peak.heapTotal)} MB then, PGlite's memory ${n(start.wasm)} → ${n(peak.wasm)} MB.`,
      `- live JS after the load and a GC: ${n(afterGc.heapUsed)} MB (${n(start.heapUsed)} MB at start): ` +
        `${afterGc.heapUsed - start.heapUsed < 10 ? "nothing is retained" : "look for what holds it"}; ` +
        `RSS ${n(idle.rss)} MB after ${IDLE_SECONDS} s idle, ${n(reduced.rss)} MB after a memory-reducing GC. Until V8's ` +
        "memory reducer runs (once allocation has been low for a few seconds) the freed heap stays committed.",
      `- PGlite's WebAssembly memory ${end.wasm > start.wasm ? `grew by ${n(end.wasm - start.wasm)} MB` : "did not grow"}: ` +
        `${n(start.wasm)} MB at start, ${n(end.wasm)} MB at the end ` +
        `(${n(start.wasmResident)} → ${n(end.wasmResident)} MB resident); Postgres's memory contexts ` +
        `${(start.pgContexts ?? 0).toFixed(1)} → ${(end.pgContexts ?? 0).toFixed(1)} MB.`,
    ].join("\n"),
  );
} finally {
  child.disconnect();
  await new Promise((resolve) => child.once("exit", resolve));
  rmSync(folder, { recursive: true, force: true });
}
