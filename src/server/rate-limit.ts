import { TRPCError } from "@trpc/server";
import { clientNetwork } from "./client-network";
import type { Context } from "./context";
import { databaseError } from "./errors";

export interface RateLimit {
  /** Names the counters; the caller's network (and user id, once signed in) is added to it. */
  name: string;
  maxHits: number;
  windowSeconds: number;
}

/** The cause of a TOO_MANY_REQUESTS: the API route turns it into a Retry-After header. */
export class RateLimitedCause extends Error {
  readonly retryAfterSeconds: number;

  constructor(retryAfterSeconds: number) {
    super(`Rate limited for ${retryAfterSeconds} s`);
    this.retryAfterSeconds = retryAfterSeconds;
  }
}

/**
 * Counts a hit in Postgres (`rate_limit_hit`, one atomic statement), so the limit holds across
 * every server instance. A signed-in caller is counted by network and by user: a session does
 * not buy another network more attempts, nor does hopping networks buy a user more.
 * Over either limit: TOO_MANY_REQUESTS saying when to try again.
 */
export async function enforceRateLimit(ctx: Context, limit: RateLimit) {
  // An unknown address names no network: signed-in callers without one are counted by user only.
  const subjects = ctx.clientIp ? [`ip:${clientNetwork(ctx.clientIp)}`] : ctx.user ? [] : ["ip:unknown"];
  if (ctx.user) subjects.push(`user:${ctx.user.id}`);
  const verdicts = await Promise.all(subjects.map((subject) => hit(ctx, `${limit.name}:${subject}`, limit)));
  const retryAfterSeconds = Math.max(...verdicts.map((verdict) => (verdict.allowed ? 0 : verdict.retry_after_seconds)));
  if (retryAfterSeconds > 0) {
    throw new TRPCError({
      code: "TOO_MANY_REQUESTS",
      message: `Too many attempts. Try again in ${retryAfterSeconds} s.`,
      cause: new RateLimitedCause(retryAfterSeconds),
    });
  }
}

async function hit(ctx: Context, key: string, limit: RateLimit) {
  const { data, error } = await ctx
    .serviceRole()
    .rpc("rate_limit_hit", { key, max_hits: limit.maxHits, window_seconds: limit.windowSeconds })
    .single();
  if (error) throw databaseError(error);
  return data;
}
