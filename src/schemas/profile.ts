import { z } from "zod";
import { typedText } from "./text";

/** Mirrors the CHECK constraint on profiles.username, which stays the final word. */
export const username = typedText()
  .trim()
  .min(3, "Use at least 3 characters")
  .max(24, "Use at most 24 characters")
  .regex(/^[a-z0-9_]+$/, "Use lower-case letters, digits and _ only");

/** Mirrors the CHECK constraint profiles_display_name_length. */
export const displayName = typedText().trim().min(1, "Enter a name").max(50, "Use at most 50 characters");

export const profileUpdateInput = z.strictObject({ username, displayName: displayName.nullable() });
