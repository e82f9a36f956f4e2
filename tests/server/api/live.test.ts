import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { API_SERVER_STARTUP_MS, startApiServer } from "../../support/api-server";

/** Live updates as a browser's EventSource receives them: Server-Sent Events over real HTTP. */
let api: Awaited<ReturnType<typeof startApiServer>>;
beforeAll(async () => {
  api = await startApiServer({ LIVE_POLL_MS: "100", LIVE_MAX_SUBSCRIPTIONS_PER_USER: "2" });
}, API_SERVER_STARTUP_MS);
afterAll(() => api?.close());

interface ServerSentEvent {
  event?: string;
  id?: string;
  data?: string;
}

/** Opens `path` as an event stream and parses what arrives. */
async function openStream(path: string, headers: Record<string, string> = {}) {
  const controller = new AbortController();
  const response = await fetch(`${api.url}/api/trpc/${path}`, {
    headers: { accept: "text/event-stream", ...headers },
    signal: controller.signal,
  });
  const events: ServerSentEvent[] = [];
  const reading = (async () => {
    const decoder = new TextDecoder();
    let buffer = "";
    try {
      for await (const chunk of response.body ?? []) {
        buffer += decoder.decode(chunk, { stream: true });
        for (let end = buffer.indexOf("\n\n"); end >= 0; end = buffer.indexOf("\n\n")) {
          const event: ServerSentEvent = {};
          for (const line of buffer.slice(0, end).split("\n")) {
            const [field, ...value] = line.split(": ");
            if (field === "event" || field === "id" || field === "data") event[field] = value.join(": ");
          }
          if (Object.keys(event).length > 0) events.push(event);
          buffer = buffer.slice(end + 2);
        }
      }
    } catch {
      // Aborted by close().
    }
  })();
  return {
    response,
    events,
    ended: reading,
    async waitFor(matches: (event: ServerSentEvent) => boolean, timeoutMs = 5_000) {
      const deadline = Date.now() + timeoutMs;
      while (Date.now() < deadline) {
        const found = events.find(matches);
        if (found) return found;
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      throw new Error(`no matching event within ${timeoutMs} ms: ${JSON.stringify(events)}`);
    },
    close: () => controller.abort(),
  };
}

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
    const stream = await openStream("item.onChange");
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
    const first = await openStream("item.onChange");
    await first.waitFor((event) => event.event === "connected");
    await postItem(accessToken, "Seen before the drop");
    const seen = await first.waitFor((event) => event.data?.includes("Seen before the drop") ?? false);
    first.close();
    await postItem(accessToken, "Posted while away");

    const resumed = await openStream(`item.onChange${liveInput({ lastEventId: seen.id })}`);
    await resumed.waitFor((event) => event.data?.includes("Posted while away") ?? false);
    expect(resumed.events.some((event) => event.data?.includes("Seen before the drop"))).toBe(false);
    resumed.close();
  });
});

describe("limits", () => {
  test("a third stream of the same user is refused as TOO_MANY_REQUESTS, in the stream", async () => {
    const account = await api.kit.createUser("user");
    const { accessToken } = await api.kit.signIn(account.email);
    const auth = { authorization: `Bearer ${accessToken}` };
    const streams = [await openStream("todo.onChange", auth), await openStream("item.onChange", auth)];
    await Promise.all(streams.map((stream) => stream.waitFor((event) => event.event === "connected")));
    const third = await openStream("todo.onChange", auth);
    const refusal = await third.waitFor((event) => event.event === "serialized-error");
    expect(JSON.parse(refusal.data ?? "").json.data.code).toBe("TOO_MANY_REQUESTS");
    for (const stream of streams) stream.close();
  });

  test("anon may not subscribe to to-dos or the inbox", async () => {
    for (const path of ["todo.onChange", "contact.onChange"]) {
      const stream = await openStream(path);
      const refusal = await stream.waitFor((event) => event.event === "serialized-error");
      expect(JSON.parse(refusal.data ?? "").json.data.code).toBe("UNAUTHORIZED");
      stream.close();
    }
  });
});
