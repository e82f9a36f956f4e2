import { perProcess } from "../per-process";
import type { SupabaseProject } from "../supabase/clients";

/**
 * Access tokens whose signature was verified, remembered per process for a short while:
 * checking an ES256 signature costs more than the rest of a signed-in request's own work, and
 * a page load sends the same token several times.
 * IMPORTANT: an answer is kept at most VERIFIED_TOKEN_CACHE_MS and never past the token's own
 * expiry. supabase-js already trusts the signing keys it fetched for 10 minutes, so a rotated
 * key stops working no later than before. Whether the session was revoked is not cached here
 * (liveness.ts decides that on every request).
 */
const VERIFIED_TOKEN_CACHE_MS = 30_000;
const MAX_TOKENS = 10_000;

interface Remembered<T> {
  value: T;
  until: number;
}

const tokens = perProcess("verified-tokens", () => new Map<string, Remembered<unknown>>());

export async function verifiedOnce<T>(
  project: SupabaseProject,
  token: string,
  expiresAt: number,
  verify: () => Promise<T | null>,
): Promise<T | null> {
  // By the project's URL, not its object: projectFromEnv builds a new one per request.
  const key = `${project.url} ${token}`;
  const now = Date.now();
  const known = tokens.get(key);
  if (known && known.until > now) return known.value as T;
  const value = await verify();
  // Only a verified token is remembered: a refusal is cheap to repeat and may be transient.
  if (value !== null) {
    if (tokens.size >= MAX_TOKENS) tokens.clear();
    tokens.set(key, { value, until: Math.min(now + VERIFIED_TOKEN_CACHE_MS, expiresAt) });
  }
  return value;
}
