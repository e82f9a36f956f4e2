import { skipToken } from "@tanstack/react-query";
import { useState } from "react";
import { trpc } from "~/utils/trpc";

/** An answer being streamed into this tab, from the question that asked for it. */
export interface LiveReply {
  conversationId: string;
  /** The answer's row, once the server has claimed the question. */
  messageId: number | null;
  text: string;
  /** "streaming" while subscribed; "ended" until the stored answer replaces it on screen. */
  phase: "streaming" | "ended";
}

/** Why the last reply ended badly, in the server's words. */
export interface ReplyFailure {
  conversationId: string;
  message: string;
}

/**
 * The `assistant.reply` subscription: subscribed while a reply streams, unsubscribed by Stop
 * (which aborts the upstream request on the server, keeping what arrived).
 * @see https://trpc.io/docs/client/react/useSubscription
 */
export function useReply() {
  const utils = trpc.useUtils();
  const [live, setLive] = useState<LiveReply | null>(null);
  const [failure, setFailure] = useState<ReplyFailure | null>(null);
  const subscribed = live?.phase === "streaming" ? live.conversationId : null;

  const end = async (conversationId: string, message?: string) => {
    setLive((current) => current && { ...current, phase: "ended" });
    if (message) setFailure({ conversationId, message });
    await Promise.all([
      utils.assistant.messages.invalidate({ conversationId }),
      utils.assistant.conversations.invalidate(),
      utils.assistant.status.invalidate(),
    ]);
  };

  trpc.assistant.reply.useSubscription(subscribed ? { conversationId: subscribed } : skipToken, {
    onData: (event) => {
      if (!subscribed) return;
      if (event.type === "started") setLive((current) => current && { ...current, messageId: event.messageId });
      if (event.type === "text") setLive((current) => current && { ...current, text: current.text + event.text });
      if (event.type === "done") void end(subscribed);
      if (event.type === "failed") void end(subscribed, event.message);
    },
    onError: (error) => {
      if (subscribed) void end(subscribed, error.message);
    },
  });

  return {
    live,
    failure,
    start: (conversationId: string) => {
      setFailure(null);
      setLive({ conversationId, messageId: null, text: "", phase: "streaming" });
    },
    stop: () => {
      if (subscribed) void end(subscribed);
    },
    /** The stored answer is on screen: the live copy can go. */
    settle: () => setLive(null),
  };
}
