/**
 * How long a server call to Supabase may take before it is abandoned.
 * IMPORTANT: fetch has no timeout of its own: without one, a database that stopped answering
 * would hold every request (and its socket) open until the client gave up.
 */
export const SUPABASE_TIMEOUT_MS = 2_000;

/** `fetchImpl` (the global fetch, or the in-process stack's in tests) abandoned after `timeoutMs`. */
export function fetchWithTimeout(fetchImpl: typeof fetch = fetch, timeoutMs = SUPABASE_TIMEOUT_MS): typeof fetch {
  return (input, init) => {
    const timeout = AbortSignal.timeout(timeoutMs);
    const signal = init?.signal ? AbortSignal.any([init.signal, timeout]) : timeout;
    return fetchImpl(input, { ...init, signal });
  };
}
