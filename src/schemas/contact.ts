import { z } from "zod";
import { email } from "./auth";
import { pageInput } from "./page";
import { typedText } from "./text";

/** Mirrors the CHECK constraints on public.contact_messages. */
export const contactMessageInput = z.strictObject({
  name: typedText().trim().min(1, "Enter your name").max(100, "Use at most 100 characters"),
  email,
  subject: typedText().trim().min(1, "Enter a subject").max(150, "Use at most 150 characters"),
  message: typedText().trim().min(1, "Enter a message").max(5000, "Use at most 5000 characters"),
  // A field people never see (the honeypot): a bot that fills every input fills it too.
  website: z.string().max(500),
  /** Issued with the form by contact.formToken: proves when the form was opened. */
  formToken: z.string().max(200),
});

export const inboxFilters = ["inbox", "unread", "archived"] as const;

export const inboxListInput = z.strictObject({ ...pageInput, filter: z.enum(inboxFilters).default("inbox") });

export const messageId = z.number().int().positive();

export const messageStatusInput = z.strictObject({ id: messageId, status: z.enum(["new", "read", "archived"]) });

export const messageIdInput = z.strictObject({ id: messageId });
