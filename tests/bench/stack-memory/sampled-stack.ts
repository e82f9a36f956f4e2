/**
 * The local Supabase as `npm run db:start` runs it (its own process, a data folder on disk,
 * HTTP on 127.0.0.1), measuring itself for tests/bench/stack-memory.ts. Started with `fork`
 * and `--expose-gc`; answers each Command with a full sample, and sends a cheap one every second.
 *   fork("sampled-stack.ts", [dataDir], { execArgv: ["--expose-gc"] })
 */
import { readFileSync } from "node:fs";
import { openDatabase } from "../../../supabase/local/database.ts";
import { serveHttp } from "../../../supabase/local/http-server.ts";
import { loadSettings } from "../../../supabase/local/settings.ts";
import { createLocalStack } from "../../../supabase/local/stack.ts";
import { portOf } from "../../support/ports.ts";

export interface Sample {
  label: string;
  /** Seconds since the stack answered its first request. */
  at: number;
  rss: number;
  heapTotal: number;
  heapUsed: number;
  external: number;
  arrayBuffers: number;
  /** PGlite's WebAssembly.Memory: what Postgres has ever asked of it (it never shrinks). */
  wasm: number;
  /** The part of that memory the kernel holds in RAM (the mapping's Rss in /proc/self/smaps). */
  wasmResident?: number;
  /** What Postgres's memory contexts hold now (pg_backend_memory_contexts), inside `wasm`. */
  pgContexts?: number;
  preparedStatements?: number;
}

const MB = 2 ** 20;
const [dataDir] = process.argv.slice(2);
if (!dataDir || !process.send) throw new Error("fork this script with a data folder: fork(script, [dataDir])");
const send = process.send.bind(process);

const db = await openDatabase(dataDir);
const stack = await createLocalStack(db, loadSettings(), "http://127.0.0.1");
const http = await serveHttp(stack, 0);
// IMPORTANT: PGlite keeps its Emscripten module private; wasmMemory is the memory it grows.
const memory = (db as unknown as { mod: { wasmMemory: WebAssembly.Memory } }).mod.wasmMemory;
const startedAt = performance.now();

/** Resident size of the WebAssembly memory: the read-write mapping exactly its size. */
function wasmResident(): number {
  const sizeKb = memory.buffer.byteLength / 1024;
  // Each mapping is a header line ("start-end perms ...") followed by "Size:", "KernelPageSize:", ..., "Rss:".
  for (const mapping of readFileSync("/proc/self/smaps", "utf8").split(/\n(?=[0-9a-f]+-[0-9a-f]+ )/)) {
    const size = Number(/^Size:\s+(\d+) kB/m.exec(mapping)?.[1]);
    const rss = Number(/^Rss:\s+(\d+) kB/m.exec(mapping)?.[1]);
    if (size === sizeKb && / rw-p /.test(mapping.slice(0, mapping.indexOf("\n")))) return (rss * 1024) / MB;
  }
  return Number.NaN;
}

/** What Node and PGlite report, cheaply enough to take every second without skewing the GC. */
function nodeSample(label: string): Sample {
  const usage = process.memoryUsage();
  return {
    label,
    at: Math.round((performance.now() - startedAt) / 1000),
    rss: usage.rss / MB,
    heapTotal: usage.heapTotal / MB,
    heapUsed: usage.heapUsed / MB,
    external: usage.external / MB,
    arrayBuffers: usage.arrayBuffers / MB,
    wasm: memory.buffer.byteLength / MB,
  };
}

/** Also what is resident of PGlite's memory and what Postgres holds inside it. */
async function fullSample(label: string): Promise<Sample> {
  // Between requests, so the query never runs inside an API request's transaction.
  const done = await stack.takeTurn();
  try {
    const { rows } = await db.query<{ contexts: number; prepared: number }>(
      `select (select sum(total_bytes) from pg_backend_memory_contexts)::float8 as contexts,
              (select count(*) from pg_prepared_statements)::int as prepared`,
    );
    const postgres = rows[0] ?? { contexts: 0, prepared: 0 };
    return {
      ...nodeSample(label),
      wasmResident: wasmResident(),
      pgContexts: postgres.contexts / MB,
      preparedStatements: postgres.prepared,
    };
  } finally {
    done();
  }
}

/**
 * A sample, after a GC if asked: "regular" is what `gc()` does; "memory-reducing" is V8's
 * last-resort GC, which shrinks the heap and gives its pooled pages back as the memory reducer
 * does once allocation quiets down. With `sql`, that statement runs first (between requests).
 */
export interface Command {
  id: number;
  sample: string;
  gc?: "regular" | "memory-reducing";
  sql?: string;
}

const gc = globalThis.gc as unknown as (options?: { type: "major"; execution: "sync"; flavor: "last-resort" }) => void;

process.on("message", async (command: Command) => {
  if (command.sql) {
    const done = await stack.takeTurn();
    try {
      await db.exec(command.sql);
    } finally {
      done();
    }
  }
  if (command.gc === "regular") gc();
  if (command.gc === "memory-reducing") gc({ type: "major", execution: "sync", flavor: "last-resort" });
  send({ id: command.id, sample: await fullSample(command.sample) });
});
setInterval(() => send({ sample: nodeSample("every second") }), 1000).unref();
process.on("disconnect", async () => {
  http.closeAllConnections();
  http.close();
  await db.close();
  process.exit(0);
});

const { anonKey, serviceRoleKey } = stack.keys;
send({ ready: { port: portOf(http), anonKey, serviceRoleKey } });
