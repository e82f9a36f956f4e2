import { TRPCError } from "@trpc/server";
import type { TRPC_ERROR_CODE_KEY } from "@trpc/server/rpc";
import type { Context } from "../context";
import { databaseError } from "../errors";
import { logger } from "../log";
import { RateLimitedCause } from "../rate-limit";
import { estimateTokens, spendBudget, takeBudget } from "./budget";
import type { AssistantConfig } from "./config";
import { failureError } from "./errors";
import { promptFor, type StoredMessage } from "./prompt";
import { streamAnswer, UpstreamFailure, type Usage } from "./upstream";

export type ReplyEvent =
  | { type: "started"; messageId: number }
  | { type: "text"; text: string }
  | { type: "done" }
  | { type: "failed"; code: TRPC_ERROR_CODE_KEY; message: string; retryAfterSeconds: number | null };

interface ConversationMessage extends StoredMessage {
  id: number;
}

/**
 * Answers the conversation's last message, if it is an unanswered question: claims it,
 * takes the budget, streams the model's text as it arrives, and stores the answer. An answer
 * that was stopped or failed midway is stored as far as it got, marked incomplete, with why.
 * Refusals before any upstream call (budget, nothing to answer) are thrown as tRPC errors.
 */
export async function* answer(
  ctx: Context & { user: { id: string } },
  config: AssistantConfig & { apiKey: string },
  conversationId: string,
  conversation: ConversationMessage[],
  signal: AbortSignal | undefined,
): AsyncGenerator<ReplyEvent> {
  const question = conversation.at(-1);
  if (question?.role !== "user") {
    throw new TRPCError({ code: "CONFLICT", message: "This conversation has no unanswered question" });
  }
  await takeBudget(ctx, ctx.user.id, config);
  const messageId = await claim(ctx, conversationId, question.id);
  yield { type: "started", messageId };

  const prompt = promptFor(conversation);
  // Aborted when the consumer stops early too (a createCaller loop that breaks), not only by tRPC.
  const stop = new AbortController();
  const upstream = streamAnswer(config, prompt, signal ? AbortSignal.any([signal, stop.signal]) : stop.signal);
  let text = "";
  let usage: Usage | null = null;
  let failure: TRPCError | null = null;
  try {
    for (let step = await upstream.next(); ; step = await upstream.next()) {
      if (step.done) {
        usage = step.value;
        break;
      }
      text += step.value;
      yield { type: "text", text: step.value };
    }
  } catch (error) {
    if (!(error instanceof UpstreamFailure)) throw error;
    failure = failureError(error, config, ctx.requestId);
  } finally {
    stop.abort();
    // IMPORTANT: this runs on Stop too (the generator is returned early), so what arrived is kept.
    const tokens = usage?.total_tokens ?? estimateTokens(JSON.stringify(prompt).length + text.length);
    const stopped = !usage && !failure;
    await store(ctx, messageId, {
      content: text,
      tokens,
      status: usage ? "complete" : "incomplete",
      error: failure?.message ?? (stopped ? "Stopped." : null),
    });
    await spendBudget(ctx, ctx.user.id, tokens);
  }
  if (!failure) return yield { type: "done" };
  // IMPORTANT: not thrown: httpSubscriptionLink reconnects after a BAD_GATEWAY, SERVICE_UNAVAILABLE
  // or GATEWAY_TIMEOUT (tRPC's retryableRpcCodes), which would ask for this answer again.
  const retryAfterSeconds = failure.cause instanceof RateLimitedCause ? failure.cause.retryAfterSeconds : null;
  yield { type: "failed", code: failure.code, message: failure.message, retryAfterSeconds };
}

/** The answer's row, written as the service role: people write questions, never answers. */
async function claim(ctx: Context, conversationId: string, questionId: number) {
  const { data, error } = await ctx
    .serviceRole()
    .from("messages")
    .insert({
      conversation_id: conversationId,
      role: "assistant",
      content: "",
      status: "streaming",
      reply_to: questionId,
    })
    .select("id")
    .single();
  if (error?.code === "23505") {
    throw new TRPCError({ code: "CONFLICT", message: "This question is being answered already" });
  }
  if (error) throw databaseError(error);
  return data.id;
}

async function store(
  ctx: Context,
  messageId: number,
  answer: { content: string; tokens: number; status: "complete" | "incomplete"; error: string | null },
) {
  const { error } = await ctx.serviceRole().from("messages").update(answer).eq("id", messageId);
  // The person already saw the answer; a lost write is the operator's to know about.
  if (error) logger.error({ requestId: ctx.requestId, messageId, error }, "assistant answer not stored");
}
