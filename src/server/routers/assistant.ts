/**
 * The assistant: a proxy to a paid Chat Completions API that keeps the key on the server.
 *
 * Why a mutation and then a subscription: `send` saves the question (a POST, so CSRF-checked
 * and as long as the schema allows, with no URL to fit in), and `reply` streams the answer
 * to the conversation's unanswered question as Server-Sent Events. A subscription, not a
 * streamed query, because Stop has to reach the server: when the browser unsubscribes, tRPC
 * aborts `signal`, which aborts the upstream request. `reply` claims the question first (one
 * answer per question, enforced by a unique key), so a reconnecting EventSource cannot buy a
 * second answer, and it takes the daily budget itself, so questions written past the API
 * cannot be answered for free.
 * @see https://trpc.io/docs/server/subscriptions
 */
import { TRPCError } from "@trpc/server";
import {
  assistantConversationsInput,
  assistantMessagesInput,
  assistantReplyInput,
  assistantSendInput,
} from "~/schemas/assistant";
import { budgetLeft } from "../assistant/budget";
import { type AssistantConfig, assistantConfigFromEnv } from "../assistant/config";
import { notConfiguredError } from "../assistant/errors";
import { answer } from "../assistant/reply";
import { databaseError } from "../errors";
import { afterCursor, toPage } from "../pagination";
import { createTRPCRouter, protectedProcedure } from "../trpc";

// IMPORTANT: another user's conversation is NOT_FOUND, never FORBIDDEN (Row Level Security hides it).
const notFound = () => new TRPCError({ code: "NOT_FOUND", message: "This conversation does not exist" });

/** The latest messages read to build a prompt; promptFor keeps fewer. */
const HISTORY_ROWS = 50;

const STALE_GRACE_MS = 30_000;

const messageColumns = "id, role, content, status, error, created_at";

/** Tests pass their own configuration; the app reads the server's environment. */
export function createAssistantRouter(config: () => AssistantConfig = assistantConfigFromEnv) {
  const configured = () => {
    const current = config();
    if (!current.apiKey) throw notConfiguredError();
    return { ...current, apiKey: current.apiKey };
  };

  return createTRPCRouter({
    status: protectedProcedure.query(async ({ ctx }) => {
      const current = config();
      return {
        configured: current.apiKey !== null,
        model: current.model,
        limits: { requests: current.dailyRequests, tokens: current.dailyTokens },
        left: await budgetLeft(ctx, ctx.user.id, current),
      };
    }),

    conversations: protectedProcedure.input(assistantConversationsInput).query(async ({ ctx, input }) => {
      const query = ctx.supabase
        .from("conversations")
        .select("id, title, created_at")
        .eq("owner_id", ctx.user.id)
        .order("created_at", { ascending: false })
        .order("id", { ascending: false })
        .limit(input.limit + 1);
      const { data, error } = await afterCursor(query, input.cursor);
      if (error) throw databaseError(error);
      return toPage(data, input.limit);
    }),

    messages: protectedProcedure.input(assistantMessagesInput).query(async ({ ctx, input }) => {
      const { data, error } = await ctx.supabase
        .from("conversations")
        .select(`id, title, messages (${messageColumns})`)
        .eq("id", input.conversationId)
        .order("created_at", { referencedTable: "messages", ascending: true })
        .order("id", { referencedTable: "messages", ascending: true })
        .maybeSingle();
      if (error) throw databaseError(error);
      if (!data) throw notFound();
      // An answer still "streaming" long after any stream would have timed out lost its server.
      const staleBefore = Date.now() - config().totalTimeoutMs - STALE_GRACE_MS;
      const messages = data.messages.map((message) =>
        message.status === "streaming" && Date.parse(message.created_at) < staleBefore
          ? { ...message, status: "incomplete" as const, error: "The answer was interrupted." }
          : message,
      );
      return { ...data, messages };
    }),

    send: protectedProcedure.input(assistantSendInput).mutation(async ({ ctx, input }) => {
      configured();
      let conversationId = input.conversationId;
      if (!conversationId) {
        const title = input.content.replace(/\s+/g, " ").slice(0, 80).trim();
        const { data, error } = await ctx.supabase.from("conversations").insert({ title }).select("id").single();
        if (error) throw databaseError(error);
        conversationId = data.id;
      }
      const { data, error } = await ctx.supabase
        .from("messages")
        .insert({ conversation_id: conversationId, role: "user", content: input.content })
        .select("id")
        .single();
      // Row Level Security refuses a question in someone else's conversation.
      if (error?.code === "42501") throw notFound();
      if (error) throw databaseError(error);
      return { conversationId, messageId: data.id };
    }),

    reply: protectedProcedure.input(assistantReplyInput).subscription(async function* ({ ctx, input, signal }) {
      const current = configured();
      if (!ctx.sameSite) throw new TRPCError({ code: "FORBIDDEN", message: "Cross-site requests are not allowed" });
      const { data, error } = await ctx.supabase
        .from("messages")
        .select("id, role, content")
        .eq("conversation_id", input.conversationId)
        .order("created_at", { ascending: false })
        .order("id", { ascending: false })
        .limit(HISTORY_ROWS);
      if (error) throw databaseError(error);
      if (data.length === 0) throw notFound();
      yield* answer(ctx, current, input.conversationId, data.reverse(), signal);
    }),
  });
}

export const assistantRouter = createAssistantRouter();
