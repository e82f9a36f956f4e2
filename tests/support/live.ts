import { createCaller } from "~/server/routers/_app";

type Ctx = Parameters<typeof createCaller>[0];
type Api = ReturnType<typeof createCaller>;

/**
 * Opens a subscription through createCaller and records what it yields, as a browser would
 * receive it; `close()` is the browser going away (tRPC aborts the procedure's signal).
 *
 *   const live = subscribe(alice.ctx, (api) => api.todo.onChange());
 *   await live.waitFor(({ data }) => data.kind === "upsert");
 *   await live.close();
 */
export function subscribe<T>(ctx: Ctx, open: (api: Api) => Promise<AsyncIterable<T>>) {
  const controller = new AbortController();
  const events: T[] = [];
  let failure: unknown = null;
  const finished = (async () => {
    try {
      for await (const event of await open(createCaller(ctx, { signal: controller.signal }))) {
        // In-process, `tracked(id, data)` stays an [id, data] envelope; over SSE it arrives as
        // { id, data }, the type tRPC declares. Record what the browser receives.
        events.push((Array.isArray(event) ? { id: event[0], data: event[1] } : event) as T);
      }
    } catch (error) {
      failure = error;
    }
  })();

  return {
    events,
    get error() {
      return failure;
    },
    /** The first event matching, once it arrives (or throws after `timeoutMs`). */
    async waitFor(matches: (event: T) => boolean, timeoutMs = 5_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const found = events.find(matches);
        if (found) return found;
        if (failure) throw failure;
        if (Date.now() > deadline) throw new Error(`no matching event within ${timeoutMs} ms`);
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    },
    /** Resolves when the subscription has ended by itself (an error or the end of the stream). */
    ended: finished,
    async close() {
      controller.abort();
      await finished;
    },
  };
}
