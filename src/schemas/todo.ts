import { z } from "zod";
import { pageInput } from "./page";
import { typedText } from "./text";

/** Mirrors the CHECK constraint todos_title_length. */
export const todoTitle = typedText().trim().min(1, "Enter a to-do").max(200, "Use at most 200 characters");

export const todoFilters = ["all", "active", "done"] as const;
export type TodoFilter = (typeof todoFilters)[number];

export const todoListInput = z.strictObject({ ...pageInput, filter: z.enum(todoFilters).default("all") });

export const todoCreateInput = z.strictObject({ title: todoTitle });

const todoId = z.number().int().positive();

export const todoUpdateInput = z
  .strictObject({ id: todoId, title: todoTitle.optional(), done: z.boolean().optional() })
  .refine((input) => input.title !== undefined || input.done !== undefined, "Change the title or done");

export const todoIdInput = z.strictObject({ id: todoId });
