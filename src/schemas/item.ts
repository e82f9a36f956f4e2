import { z } from "zod";
import { pageInput } from "./page";
import { typedText } from "./text";

/** Mirrors the CHECK constraints on public.items. The author is never an input: it is the caller. */
export const itemCreateInput = z.strictObject({
  title: typedText().trim().min(1, "Enter a title").max(120, "Use at most 120 characters"),
  body: typedText().trim().max(2000, "Use at most 2000 characters"),
});

export const itemListInput = z.strictObject(pageInput);

export const itemId = z.strictObject({ id: z.number().int().positive() });
