export interface ServerSentEvent {
  event?: string;
  id?: string;
  data?: string;
  /** performance.now() when it arrived. */
  receivedAt: number;
}

/**
 * Opens a tRPC subscription as a browser's EventSource would (GET, Accept: text/event-stream)
 * and parses the Server-Sent Events that arrive, noting when each did.
 *
 *   const stream = await openEventStream(api.url, "item.onChange");
 *   await stream.waitFor((event) => event.event === "connected");
 */
export async function openEventStream(baseUrl: string, path: string, headers: Record<string, string> = {}) {
  const controller = new AbortController();
  const response = await fetch(`${baseUrl}/api/trpc/${path}`, {
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
          const event: ServerSentEvent = { receivedAt: performance.now() };
          for (const line of buffer.slice(0, end).split("\n")) {
            const [field, ...value] = line.split(": ");
            if (field === "event" || field === "id" || field === "data") event[field] = value.join(": ");
          }
          if (Object.keys(event).length > 1) events.push(event);
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
