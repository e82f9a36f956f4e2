/**
 * How long a server call to Supabase may take before it is abandoned.
 * IMPORTANT: fetch has no timeout of its own: without one, a database that stopped answering
 * would hold every request (and its socket) open until the client gave up.
 */
export const SUPABASE_TIMEOUT_MS = 2_000;

/**
 * Runs `work` with a signal that aborts after `timeoutMs` (with AbortSignal.timeout's
 * TimeoutError) or with `outer`, whichever comes first.
 * IMPORTANT: not AbortSignal.timeout: its timer cannot be cleared, so it fires for every call
 * long after the call ended, building a DOMException each time (a measurable part of a request).
 */
export async function withTimeout<T>(
  timeoutMs: number,
  work: (signal: AbortSignal) => PromiseLike<T>,
  outer?: AbortSignal | null,
): Promise<T> {
  const controller = new AbortController();
  const timer = setTimeout(
    () => controller.abort(new DOMException("The operation was aborted due to timeout", "TimeoutError")),
    timeoutMs,
  );
  const follow = () => controller.abort(outer?.reason);
  if (outer?.aborted) follow();
  else outer?.addEventListener("abort", follow, { once: true });
  try {
    return await work(controller.signal);
  } finally {
    clearTimeout(timer);
    outer?.removeEventListener("abort", follow);
  }
}

/** Statuses whose response has no body: `new Response` refuses one for them. */
const NULL_BODY_STATUSES = new Set([101, 103, 204, 205, 304]);

/**
 * `fetchImpl` (the global fetch, or the in-process stack's in tests) abandoned after
 * `timeoutMs`. The body is read within the time too (Supabase's answers are small JSON), so a
 * response that stalls halfway is abandoned as well.
 */
export function fetchWithTimeout(fetchImpl: typeof fetch = fetch, timeoutMs = SUPABASE_TIMEOUT_MS): typeof fetch {
  return (input, init) =>
    withTimeout(
      timeoutMs,
      async (signal) => {
        const response = await fetchImpl(input, { ...init, signal });
        const body = NULL_BODY_STATUSES.has(response.status) ? null : await response.arrayBuffer();
        const { status, statusText, headers } = response;
        return new Response(body, { status, statusText, headers });
      },
      init?.signal,
    );
}
