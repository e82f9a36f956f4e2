import { describe, expect, test } from "vitest";
import { fetchWithTimeout } from "~/server/supabase/timeout";

const TIMEOUT_MS = 50;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A fetch that records the signal it was given and answers `response(signal)`, rejecting once aborted as fetch does. */
function recordingFetch(response: (signal: AbortSignal) => Response) {
  const seen: { signal?: AbortSignal | null } = {};
  const fetchImpl = (async (_input, init) => {
    seen.signal = init?.signal;
    init?.signal?.throwIfAborted();
    return response(init?.signal ?? new AbortController().signal);
  }) as typeof fetch;
  return { fetchImpl, seen };
}

describe("fetchWithTimeout", () => {
  test("a call that ended is left alone: its signal never aborts afterwards", async () => {
    const { fetchImpl, seen } = recordingFetch(() => Response.json({ ok: true }));

    const response = await fetchWithTimeout(fetchImpl, TIMEOUT_MS)("http://127.0.0.1/rest/v1/profiles");
    await sleep(TIMEOUT_MS * 3);

    expect(await response.json()).toEqual({ ok: true });
    expect(seen.signal?.aborted).toBe(false);
  });

  test("a body that stalls halfway is abandoned within the timeout, with a TimeoutError", async () => {
    // As fetch's body does, the stream errors when the request's signal aborts.
    const stalled = (signal: AbortSignal) =>
      new ReadableStream({
        start(controller) {
          controller.enqueue(new TextEncoder().encode("["));
          signal.addEventListener("abort", () => controller.error(signal.reason));
        },
      });
    const { fetchImpl } = recordingFetch(
      (signal) => new Response(stalled(signal), { headers: { "content-type": "application/json" } }),
    );
    const startedAt = performance.now();

    const call = fetchWithTimeout(fetchImpl, TIMEOUT_MS)("http://127.0.0.1/rest/v1/profiles");

    await expect(call).rejects.toMatchObject({ name: "TimeoutError" });
    expect(performance.now() - startedAt).toBeLessThan(TIMEOUT_MS * 10);
  });

  test("the caller's own abort still ends the call, with the caller's reason", async () => {
    const caller = new AbortController();
    const { fetchImpl, seen } = recordingFetch(() => Response.json([]));
    const fetching = fetchWithTimeout(fetchImpl, TIMEOUT_MS);

    caller.abort(new Error("the client went away"));

    await expect(fetching("http://127.0.0.1/rest/v1/profiles", { signal: caller.signal })).rejects.toThrow(
      "the client went away",
    );
    expect(seen.signal?.aborted).toBe(true);
  });

  test("a 204 answer passes through without a body, status and headers kept", async () => {
    const { fetchImpl } = recordingFetch(
      () => new Response(null, { status: 204, statusText: "No Content", headers: { "content-range": "*/0" } }),
    );

    const response = await fetchWithTimeout(fetchImpl, TIMEOUT_MS)("http://127.0.0.1/rest/v1/todos", {
      method: "DELETE",
    });

    expect(response.status).toBe(204);
    expect(response.statusText).toBe("No Content");
    expect(response.headers.get("content-range")).toBe("*/0");
    expect(response.body).toBeNull();
  });
});
