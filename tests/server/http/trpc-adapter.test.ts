import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { initTRPC } from "@trpc/server";
import { afterEach, expect, test } from "vitest";
import { answerTrpc } from "~/server/http/trpc-adapter";

/** The adapter alone, on a router of its own, over real HTTP. */
const seen: { signal?: AbortSignal; ended: boolean } = { ended: false };
const t = initTRPC.create({ sse: { maxDurationMs: 5 * 60_000 } });
const router = t.router({
  once: t.procedure.subscription(async function* ({ signal }) {
    seen.signal = signal;
    yield 1;
  }),
  flood: t.procedure.subscription(async function* ({ signal }) {
    seen.signal = signal;
    try {
      for (;;) yield "x".repeat(64 * 1024);
    } finally {
      seen.ended = true;
    }
  }),
});

let server: Server | undefined;
afterEach(() => {
  server?.close();
  Object.assign(seen, { signal: undefined, ended: false });
});

async function serve() {
  server = createServer((req, res) => {
    const path = new URL(req.url ?? "/", "http://localhost").pathname.slice(1);
    void answerTrpc(req, res, { router, path, body: undefined, createContext: async () => ({}) });
  });
  await new Promise<void>((resolve) => server?.listen(0, "127.0.0.1", resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

// tRPC clears a subscription's timers (its 5-minute maximum among them) when the signal aborts.
test("a subscription the server ends has its signal aborted", async () => {
  const url = await serve();

  const response = await fetch(`${url}/once`, { headers: { accept: "text/event-stream" } });
  await response.text();

  await expect.poll(() => seen.signal?.aborted).toBe(true);
});

test("a client that leaves while the server waits for it to read ends the subscription", async () => {
  const url = await serve();
  const client = new AbortController();
  const response = await fetch(`${url}/flood`, { headers: { accept: "text/event-stream" }, signal: client.signal });
  await response.body?.getReader().read();
  // Unread, the socket's buffers fill and the server waits for them to drain.
  await sleep(200);

  client.abort();

  await expect.poll(() => seen.ended).toBe(true);
});
