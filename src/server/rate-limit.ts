import { TRPCError } from "@trpc/server";
import type { Context } from "./context";
import { databaseError } from "./errors";

export interface RateLimit {
  /** Names the counter; the caller's IP (or user id, once signed in) is added to it. */
  name: string;
  maxHits: number;
  windowSeconds: number;
}

/**
 * Counts a hit in Postgres (`rate_limit_hit`, one atomic statement), so the limit holds across
 * every server instance. Over the limit: TOO_MANY_REQUESTS saying when to try again.
 */
export async function enforceRateLimit(ctx: Context, limit: RateLimit) {
  const caller = ctx.user?.id ?? ctx.clientIp ?? "unknown";
  const { data, error } = await ctx
    .serviceRole()
    .rpc("rate_limit_hit", {
      key: `${limit.name}:${caller}`,
      max_hits: limit.maxHits,
      window_seconds: limit.windowSeconds,
    })
    .single();
  if (error) throw databaseError(error);
  if (!data.allowed) {
    throw new TRPCError({
      code: "TOO_MANY_REQUESTS",
      message: `Too many attempts. Try again in ${data.retry_after_seconds} s.`,
    });
  }
}
