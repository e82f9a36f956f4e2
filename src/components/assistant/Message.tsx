import type { RouterOutputs } from "~/utils/trpc";
import { Markdown } from "./Markdown";

export type StoredMessage = RouterOutputs["assistant"]["messages"]["messages"][number];

interface MessageProps {
  author: StoredMessage["role"];
  content: string;
  /** Shown under an answer that was stopped or failed midway. */
  note?: string | null;
  streaming?: boolean;
}

const bubble = {
  user: "ml-auto bg-accent text-white",
  assistant: "mr-auto border border-zinc-200 bg-white dark:border-zinc-800 dark:bg-zinc-900",
};

/**
 * One question (plain text, as typed) or answer (Markdown); an answer still arriving has a blinking caret.
 * IMPORTANT: the bubble is a one-column grid (`minmax(0, 1fr)`) so that its narrowest size is
 * zero: on a phone the page's column is as wide as its content needs, and a long code line or
 * word would otherwise widen the whole page instead of scrolling or wrapping inside the bubble.
 */
export function Message({ author, content, note, streaming = false }: MessageProps) {
  return (
    <li
      data-testid={`message-${author}`}
      aria-busy={streaming || undefined}
      className={`grid max-w-[85%] grid-cols-1 rounded-lg px-3 py-2 ${bubble[author]}`}
    >
      <p className="sr-only">{author === "user" ? "You asked:" : "The assistant answered:"}</p>
      {author === "user" ? (
        <p className="break-words whitespace-pre-wrap">{content}</p>
      ) : content || streaming ? (
        <Markdown text={content} streaming={streaming} />
      ) : (
        <p>(no answer)</p>
      )}
      {note && (
        <p data-testid="message-note" className="mt-1 text-sm text-amber-700 dark:text-amber-400">
          Incomplete: {note}
        </p>
      )}
    </li>
  );
}
