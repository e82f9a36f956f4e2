import { afterAll, beforeAll, describe, expect, test, vi } from "vitest";
import { openStreamCount } from "~/server/live/subscription";
import { API_SERVER_STARTUP_MS, startApiServer } from "../../support/api-server";
import { openEventStream } from "../../support/event-stream";

/** Live updates as a browser's EventSource receives them: Server-Sent Events over real HTTP. */
let api: Awaited<ReturnType<typeof startApiServer>>;
beforeAll(async () => {
  api = await startApiServer({ LIVE_POLL_MS: "100", LIVE_MAX_SUBSCRIPTIONS_PER_USER: "2" });
}, API_SERVER_STARTUP_MS);
afterAll(() => api?.close());

const liveInput = (input: unknown) => `?input=${encodeURIComponent(JSON.stringify({ json: input }))}`;
const postItem = (accessToken: string, title: string) =>
  fetch(`${api.url}/api/trpc/item.create`, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${accessToken}` },
    body: JSON.stringify({ json: { title, body: "" } }),
  }).then(async (response) => (await response.json()).result.data.json as { id: number });

describe("item.onChange over SSE", () => {
  test("streams with event-stream headers, uncached, and delivers a new item with its cursor as id", async () => {
    const author = await api.kit.createUser("user");
    const { accessToken } = await api.kit.signIn(author.email);
    const stream = await openEventStream(api.url, "item.onChange");
    expect(stream.response.status).toBe(200);
    expect(stream.response.headers.get("content-type")).toMatch(/^text\/event-stream/);
    expect(stream.response.headers.get("cache-control")).toMatch(/no-store|no-cache/);
    await stream.waitFor((event) => event.event === "connected");

    const item = await postItem(accessToken, "Over the wire");
    const event = await stream.waitFor((event) => event.data?.includes("Over the wire") ?? false);
    expect(event.id).toMatch(/^\d+:\d+$/);
    expect(JSON.parse(event.data ?? "").json).toMatchObject({ kind: "upsert", row: { id: item.id } });
    stream.close();
  });

  test("a reconnect with lastEventId replays what happened while away", async () => {
    const author = await api.kit.createUser("user");
    const { accessToken } = await api.kit.signIn(author.email);
    const first = await openEventStream(api.url, "item.onChange");
    await first.waitFor((event) => event.event === "connected");
    await postItem(accessToken, "Seen before the drop");
    const seen = await first.waitFor((event) => event.data?.includes("Seen before the drop") ?? false);
    first.close();
    await postItem(accessToken, "Posted while away");

    const resumed = await openEventStream(api.url, `item.onChange${liveInput({ lastEventId: seen.id })}`);
    await resumed.waitFor((event) => event.data?.includes("Posted while away") ?? false);
    expect(resumed.events.some((event) => event.data?.includes("Seen before the drop"))).toBe(false);
    resumed.close();
  });
});

describe("heartbeat", () => {
  test("a quiet stream gets a ping every 10 s, so proxies keep it open and the browser knows it is alive", async () => {
    const stream = await openEventStream(api.url, "item.onChange");
    const connected = await stream.waitFor((event) => event.event === "connected");
    // The browser reconnects if nothing (not even a ping) arrives within this.
    expect(JSON.parse(connected.data ?? "")).toEqual({ reconnectAfterInactivityMs: 25_000 });
    const ping = await stream.waitFor((event) => event.event === "ping", 15_000);
    expect(ping.receivedAt - connected.receivedAt).toBeGreaterThan(9_000);
    stream.close();
  }, 20_000);
});

describe("a browser going away", () => {
  test("ends its subscription on the server", async () => {
    const stream = await openEventStream(api.url, "item.onChange");
    await stream.waitFor((event) => event.event === "connected");
    expect(openStreamCount()).toBe(1);

    stream.close();

    await vi.waitFor(() => expect(openStreamCount()).toBe(0), { timeout: 2_000 });
  });
});

describe("limits", () => {
  test("a third stream of the same user is refused as TOO_MANY_REQUESTS, in the stream", async () => {
    const account = await api.kit.createUser("user");
    const { accessToken } = await api.kit.signIn(account.email);
    const auth = { authorization: `Bearer ${accessToken}` };
    const streams = [
      await openEventStream(api.url, "todo.onChange", auth),
      await openEventStream(api.url, "item.onChange", auth),
    ];
    await Promise.all(streams.map((stream) => stream.waitFor((event) => event.event === "connected")));
    const third = await openEventStream(api.url, "todo.onChange", auth);
    const refusal = await third.waitFor((event) => event.event === "serialized-error");
    expect(JSON.parse(refusal.data ?? "").json.data.code).toBe("TOO_MANY_REQUESTS");
    for (const stream of streams) stream.close();
  });

  test("anon may not subscribe to to-dos or the inbox", async () => {
    for (const path of ["todo.onChange", "contact.onChange"]) {
      const stream = await openEventStream(api.url, path);
      const refusal = await stream.waitFor((event) => event.event === "serialized-error");
      expect(JSON.parse(refusal.data ?? "").json.data.code).toBe("UNAUTHORIZED");
      stream.close();
    }
  });
});
