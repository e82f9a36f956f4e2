import { z } from "zod";

/** Keyset cursor over `(created_at, id)`, newest first: the last row of the page before. */
export const cursor = z.strictObject({
  // Postgres keeps microseconds; a JS Date would round them away and skip or repeat rows.
  createdAt: z.iso.datetime({ offset: true }),
  id: z.union([z.number().int().positive(), z.uuid()]),
});

export type Cursor = z.infer<typeof cursor>;

/** The input of every list: how many rows per page, and where the previous page ended. */
export const pageInput = {
  limit: z.number().int().min(1, "Ask for at least 1 row").max(100, "Ask for at most 100 rows").default(20),
  cursor: cursor.nullish(),
  // IMPORTANT: tRPC's useInfiniteQuery adds this to the input. Lists page forward only.
  direction: z.literal("forward", "Lists page forward only").optional(),
};
