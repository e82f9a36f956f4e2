/**
 * Live updates under fan-out: 200 Server-Sent Event subscribers on one API process (the real
 * route over loopback HTTP, as in tests/server/api). Prints how long a new item takes from
 * the write's acknowledgement to each subscriber (p50/p99), and the database requests per
 * second with 1 subscriber vs 200, which must not grow with subscribers.
 * Run: npm run bench. Asserts nothing.
 */
import { test } from "vitest";
import { startApiServer } from "../support/api-server";
import { openEventStream } from "../support/event-stream";

const SUBSCRIBERS = 200;
const ITEMS = 20;
const QUIET_WINDOW_MS = 5_000;
const POLL_MS = 500;

test("live fan-out to 200 subscribers", { timeout: 180_000 }, async () => {
  const api = await startApiServer({
    LIVE_POLL_MS: String(POLL_MS),
    // Every subscriber here comes from 127.0.0.1, which the per-network limit would count as one.
    LIVE_MAX_SUBSCRIPTIONS_PER_USER: String(SUBSCRIBERS),
  });
  const streams: Awaited<ReturnType<typeof openEventStream>>[] = [];
  try {
    const subscribe = async (count: number) => {
      const opened = await Promise.all(Array.from({ length: count }, () => openEventStream(api.url, "item.onChange")));
      await Promise.all(opened.map((stream) => stream.waitFor((event) => event.event === "connected", 30_000)));
      streams.push(...opened);
    };
    const requestsPerSecond = async () => {
      const before = api.supabaseRequests();
      await new Promise((resolve) => setTimeout(resolve, QUIET_WINDOW_MS));
      return ((api.supabaseRequests() - before) * 1_000) / QUIET_WINDOW_MS;
    };

    await subscribe(1);
    const withOne = await requestsPerSecond();
    await subscribe(SUBSCRIBERS - 1);
    const withAll = await requestsPerSecond();

    const author = await api.kit.createUser("user");
    const { accessToken } = await api.kit.signIn(author.email);
    const latencies: number[] = [];
    const spreads: number[] = [];
    for (let index = 0; index < ITEMS; index++) {
      const title = `fan-out ${index} ${Date.now()}`;
      const response = await fetch(`${api.url}/api/trpc/item.create`, {
        method: "POST",
        headers: { "content-type": "application/json", authorization: `Bearer ${accessToken}` },
        body: JSON.stringify({ json: { title, body: "" } }),
      });
      if (!response.ok) throw new Error(`item.create answered ${response.status}`);
      const acknowledgedAt = performance.now();
      const arrivals = await Promise.all(
        streams.map((stream) => stream.waitFor((event) => event.data?.includes(title) ?? false, 10_000)),
      );
      const received = arrivals.map((event) => event.receivedAt);
      latencies.push(...received.map((at) => at - acknowledgedAt));
      spreads.push(Math.max(...received) - Math.min(...received));
    }
    const percentile = (values: number[], p: number) =>
      [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor(values.length * p))] ?? 0;
    const p50p99 = (values: number[]) =>
      `p50 ${percentile(values, 0.5).toFixed(0)} ms, p99 ${percentile(values, 0.99).toFixed(0)} ms`;

    console.log(
      [
        `live fan-out: ${SUBSCRIBERS} SSE subscribers, ${ITEMS} items, change log read every ${POLL_MS} ms`,
        `  write acknowledged -> event at each subscriber: ${p50p99(latencies)} (${latencies.length} deliveries; the poll interval bounds it)`,
        `  first -> last of the ${SUBSCRIBERS} subscribers to get an event (the fan-out itself): ${p50p99(spreads)}`,
        `  database requests/s while idle: ${withOne.toFixed(1)} with 1 subscriber, ${withAll.toFixed(1)} with ${SUBSCRIBERS} (${(withAll / withOne).toFixed(2)}×)`,
      ].join("\n"),
    );
  } finally {
    for (const stream of streams) stream.close();
    await api.close();
  }
});
