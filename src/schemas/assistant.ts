import { z } from "zod";
import { pageInput } from "./page";
import { typedText } from "./text";

/** Mirrors the CHECK constraint messages_user_content_length. */
export const QUESTION_MAX_LENGTH = 4000;

export const assistantQuestion = typedText()
  .trim()
  .min(1, "Ask a question")
  .max(QUESTION_MAX_LENGTH, `Use at most ${QUESTION_MAX_LENGTH} characters`);

const conversationId = z.uuid("Not a conversation id");

export const assistantConversationsInput = z.strictObject(pageInput);

export const assistantMessagesInput = z.strictObject({ conversationId });

/** A question, in a new conversation when `conversationId` is null. */
export const assistantSendInput = z.strictObject({
  conversationId: conversationId.nullable(),
  content: assistantQuestion,
});

export const assistantReplyInput = z.strictObject({ conversationId });

/** The question box: the conversation comes from the page, not the form. */
export const assistantQuestionForm = z.strictObject({ content: assistantQuestion });
