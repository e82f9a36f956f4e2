import { TRPCError } from "@trpc/server";
import type { Context } from "../context";
import { databaseError } from "../errors";
import { RateLimitedCause } from "../rate-limit";
import type { AssistantConfig } from "./config";

/**
 * Each user's daily allowance of answers and tokens, counted in Postgres
 * (`assistant_budget_hit`, one atomic statement) so it holds across server instances.
 * Over it: TOO_MANY_REQUESTS saying when the day (UTC) resets.
 */
export async function takeBudget(ctx: Context, userId: string, config: AssistantConfig) {
  const { data, error } = await ctx
    .serviceRole()
    .rpc("assistant_budget_hit", {
      user_id: userId,
      max_requests: config.dailyRequests,
      max_tokens: config.dailyTokens,
    })
    .single();
  if (error) throw databaseError(error);
  if (data.allowed) return;
  const resetsAt = new Date(data.resets_at);
  const retryAfterSeconds = Math.max(Math.ceil((resetsAt.getTime() - Date.now()) / 1000), 1);
  const used =
    data.requests >= config.dailyRequests ? `${config.dailyRequests} questions` : `${config.dailyTokens} tokens`;
  throw new TRPCError({
    code: "TOO_MANY_REQUESTS",
    message: `You have used today's ${used}. The budget resets at ${resetsAt.toISOString().slice(11, 16)} UTC (in ${untilReset(retryAfterSeconds)}).`,
    cause: new RateLimitedCause(retryAfterSeconds),
  });
}

/** What is left of today's budget, counting nothing. */
export async function budgetLeft(ctx: Context, userId: string, config: AssistantConfig) {
  const { data, error } = await ctx.serviceRole().rpc("assistant_budget_today", { user_id: userId }).single();
  if (error) throw databaseError(error);
  return {
    requests: Math.max(config.dailyRequests - data.requests, 0),
    tokens: Math.max(config.dailyTokens - data.tokens, 0),
    resetsAt: data.resets_at,
  };
}

/** Charges what one answer used; counted even when it was stopped or failed midway. */
export async function spendBudget(ctx: Context, userId: string, tokens: number) {
  const { error } = await ctx.serviceRole().rpc("assistant_budget_spend", { user_id: userId, tokens });
  if (error) throw databaseError(error);
}

/** Without a usage report (a stopped stream), about four characters per token. */
export const estimateTokens = (characters: number) => Math.ceil(characters / 4);

function untilReset(seconds: number) {
  const hours = Math.floor(seconds / 3600);
  const minutes = Math.ceil((seconds % 3600) / 60);
  return hours > 0 ? `${hours} h ${minutes} min` : `${minutes} min`;
}
