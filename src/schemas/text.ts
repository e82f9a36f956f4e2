import { z } from "zod";

/**
 * Text a person typed. IMPORTANT: Postgres `text` cannot hold a NUL byte (22P05), so it is
 * refused here with a field error instead of failing deep in the database.
 */
export const typedText = () =>
  z.string().refine((value) => !value.includes("\u0000"), "Remove the invisible NUL character");
