import type { ChatCompletionMessageParam } from "openai/resources/chat/completions";

/**
 * IMPORTANT: the server owns the prompt. The browser sends only its question and the
 * conversation id; the system prompt, the model and how much history goes along are set here.
 */
export const SYSTEM_PROMPT =
  "You are the assistant of a small to-do and message-board app. Answer briefly and plainly. " +
  "If you do not know, say so. Never claim to have done something in the app for the user.";

/** How much of the conversation goes along with a question: enough for context, bounded in cost. */
const HISTORY_MESSAGES = 20;
const HISTORY_CHARACTERS = 24_000;

export interface StoredMessage {
  role: "user" | "assistant";
  content: string;
}

/** The system prompt, then the latest messages (the question last) that fit the history bounds. */
export function promptFor(conversation: StoredMessage[]): ChatCompletionMessageParam[] {
  const kept: StoredMessage[] = [];
  let characters = 0;
  for (const message of conversation.slice(-HISTORY_MESSAGES).reverse()) {
    characters += message.content.length;
    if (kept.length > 0 && characters > HISTORY_CHARACTERS) break;
    if (message.content) kept.unshift({ role: message.role, content: message.content });
  }
  return [{ role: "system", content: SYSTEM_PROMPT }, ...kept];
}
