import { skipToken } from "@tanstack/react-query";
import { type ReactNode, useEffect, useRef } from "react";
import { Button } from "~/components/Button";
import { EmptyState } from "~/components/EmptyState";
import { ErrorState } from "~/components/ErrorState";
import { Skeleton } from "~/components/Skeleton";
import { trpc } from "~/utils/trpc";
import { Message } from "./Message";
import { NotConfigured } from "./NotConfigured";
import { QuestionForm } from "./QuestionForm";
import { useReply } from "./useReply";

/** How often to look again while an answer this tab is not streaming is still arriving. */
const POLL_MS = 500;

interface ChatProps {
  conversationId: string | null;
  /** False when the server has no API key: history stays readable, questions cannot be sent. */
  configured: boolean;
  /** Under the question box. */
  footer?: ReactNode;
  /** A first question started a conversation: the page shows it from now on. */
  onStarted: (conversationId: string) => void;
}

/** One conversation: its messages, the answer streaming in, and the question box. */
export function Chat({ conversationId, configured, footer, onStarted }: ChatProps) {
  const utils = trpc.useUtils();
  const reply = useReply();
  const streamingHere = reply.live?.phase === "streaming";
  const messages = trpc.assistant.messages.useQuery(conversationId ? { conversationId } : skipToken, {
    // An answer stopped a moment ago is stored a moment later; so is one streaming in another tab.
    refetchInterval: (query) =>
      !streamingHere && query.state.data?.messages.some(({ status }) => status === "streaming") ? POLL_MS : false,
  });
  const live = reply.live?.conversationId === conversationId ? reply.live : null;
  const stored = messages.data?.messages.filter(({ id }) => id !== live?.messageId) ?? [];
  const failure = reply.failure?.conversationId === conversationId ? reply.failure : null;

  const { settle } = reply;
  const answer = live && messages.data?.messages.find(({ id }) => id === live.messageId);
  useEffect(() => {
    if (live?.phase === "ended" && (live.messageId === null || (answer && answer.status !== "streaming"))) settle();
  }, [live, answer, settle]);

  // Leaving a conversation while its answer streams stops it (what arrived is kept). A new
  // conversation's answer starts before the address names it: that is no leaving.
  const { stop } = reply;
  const streamingIn = streamingHere ? reply.live?.conversationId : undefined;
  const previous = useRef(conversationId);
  useEffect(() => {
    if (previous.current !== conversationId && streamingIn === previous.current) stop();
    previous.current = conversationId;
  }, [conversationId, streamingIn, stop]);

  const unanswered = configured && !live && stored.at(-1)?.role === "user";
  return (
    <div className="space-y-4">
      {conversationId && messages.isPending ? (
        <Skeleton rows={3} className="h-14" />
      ) : messages.isError ? (
        <ErrorState
          title="This conversation could not be loaded"
          message={messages.error.message}
          onRetry={() => messages.refetch()}
          retrying={messages.isRefetching}
        />
      ) : stored.length === 0 && !live ? (
        <EmptyState
          title="Ask your first question"
          description="Answers stream in as they are written. Only you can see your conversations."
        />
      ) : (
        <ol aria-label="Conversation" className="flex flex-col gap-3">
          {stored.map((message) => (
            <Message
              key={message.id}
              author={message.role}
              content={message.content}
              streaming={message.status === "streaming"}
              note={message.status === "incomplete" ? (message.error ?? "the answer was interrupted") : null}
            />
          ))}
          {live && <Message author="assistant" content={live.text} streaming={live.phase === "streaming"} />}
        </ol>
      )}
      {failure && (
        <p
          role="alert"
          className="rounded-md border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-800 dark:border-red-900 dark:bg-red-950/40 dark:text-red-200"
        >
          {failure.message}
        </p>
      )}
      {unanswered && conversationId && (
        <div className="flex items-center justify-between gap-3 text-sm text-zinc-600 dark:text-zinc-400">
          <span>This question has no answer yet.</span>
          <Button variant="secondary" size="sm" onClick={() => reply.start(conversationId)}>
            Get an answer
          </Button>
        </div>
      )}
      {!configured ? (
        <NotConfigured />
      ) : (
        <QuestionForm
          conversationId={conversationId}
          streaming={Boolean(live && live.phase === "streaming")}
          onStop={reply.stop}
          onSent={(sent) => {
            reply.start(sent.conversationId);
            void utils.assistant.messages.invalidate({ conversationId: sent.conversationId });
            void utils.assistant.conversations.invalidate();
            if (sent.conversationId !== conversationId) onStarted(sent.conversationId);
          }}
        />
      )}
      {footer}
    </div>
  );
}
