/**
 * The API route's own CPU per request, in one process, side by side: `/api/trpc/profile.get`
 * against tests/bench/http/plain-route.ts doing the same supabase-js read, both handed Node
 * request objects as Next hands them. Supabase answers every call with the same canned row, so
 * only the request path is measured: tRPC, the guard, the log, the context, the Supabase
 * client and the timeout around its fetch. `bench:http` measures the whole server; its rates
 * move by ±0.3 between runs on these machines, this by a few per cent. Run: npm run bench
 * A vitest file only because the route's `~/` imports need its resolver; it asserts nothing.
 */
import { IncomingMessage, ServerResponse } from "node:http";
import { Socket } from "node:net";
import type { NextApiHandler, NextApiRequest, NextApiResponse } from "next";
import { afterAll, test } from "vitest";

const ROUNDS = 15;
const REQUESTS = 1_000;
const WARMUP_REQUESTS = 3_000;

/** What PostgREST answers the maybeSingle() read of profiles with. */
const PROFILE_ROWS = JSON.stringify([
  { username: "alice", display_name: "Alice", created_at: "2026-01-01T00:00:00+00:00" },
]);
const realFetch = globalThis.fetch;

afterAll(() => {
  globalThis.fetch = realFetch;
});

type Route = NextApiHandler;

/** One GET through `route`, resolved when the route ends its response. */
function get(route: Route, url: string, query: Record<string, string>) {
  const req = Object.assign(new IncomingMessage(new Socket()), {
    method: "GET",
    url,
    headers: { host: "127.0.0.1:3000", accept: "*/*" },
    query,
    cookies: {},
  });
  const res: ServerResponse = Object.assign(new ServerResponse(req), {
    json(this: ServerResponse, value: unknown) {
      this.setHeader("content-type", "application/json; charset=utf-8");
      this.end(JSON.stringify(value));
    },
  });
  return new Promise<void>((resolve) => {
    const end = res.end.bind(res);
    res.end = ((...args: Parameters<typeof end>) => {
      end(...args);
      resolve();
      return res;
    }) as typeof res.end;
    // As Next hands them over: a Node request with `query` and `cookies`, a response with `json`.
    void route(req as unknown as NextApiRequest, res as NextApiResponse);
  });
}

const cpuMicroseconds = () => {
  const { user, system } = process.cpuUsage();
  return user + system;
};

test("request path CPU: tRPC against a plain route", { timeout: 600_000 }, async () => {
  globalThis.fetch = async () =>
    new Response(PROFILE_ROWS, { headers: { "content-type": "application/json; charset=utf-8" } });
  Object.assign(process.env, {
    NODE_ENV: "production",
    LOG_LEVEL: "silent",
    SUPABASE_URL: "http://127.0.0.1:54321",
    SUPABASE_ANON_KEY: "anon-key",
    SUPABASE_SERVICE_ROLE_KEY: "service-role-key",
  });
  // Imported once the environment is set: the server reads it on first use.
  const trpc: Route = (await import("~/pages/api/trpc/[trpc]")).default;
  const plain: Route = (await import("./http/plain-route")).default;
  const input = JSON.stringify({ json: { username: "alice" } });
  const requests = {
    "tRPC profile.get": () =>
      get(trpc, `/api/trpc/profile.get?input=${encodeURIComponent(input)}`, { trpc: "profile.get", input }),
    "plain route": () => get(plain, "/api/plain/profile?username=alice", { work: "profile", username: "alice" }),
  };

  for (const run of Object.values(requests)) for (let i = 0; i < WARMUP_REQUESTS; i++) await run();
  const samples: Record<string, number[]> = { "tRPC profile.get": [], "plain route": [] };
  for (let round = 0; round < ROUNDS; round++) {
    for (const [name, run] of Object.entries(requests)) {
      const started = cpuMicroseconds();
      for (let i = 0; i < REQUESTS; i++) await run();
      samples[name]?.push((cpuMicroseconds() - started) / REQUESTS);
    }
  }
  const median = (values: number[] = []) => values.sort((a, b) => a - b)[values.length >> 1] ?? Number.NaN;
  const trpcCpu = median(samples["tRPC profile.get"]);
  const plainCpu = median(samples["plain route"]);
  console.log(`\nrequest path, CPU µs per request (median of ${ROUNDS} rounds x ${REQUESTS}), Supabase canned`);
  console.log(`  tRPC profile.get  ${trpcCpu.toFixed(0).padStart(6)}`);
  console.log(`  plain route       ${plainCpu.toFixed(0).padStart(6)}`);
  console.log(
    `request path tRPC overhead: ${(trpcCpu - plainCpu).toFixed(0)} µs per call, plain/tRPC ${(plainCpu / trpcCpu).toFixed(2)}`,
  );
});
