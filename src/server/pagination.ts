import type { Cursor } from "~/schemas/page";

/**
 * Keyset pagination over `(created_at, id)`, newest first, served by each table's
 * `(created_at desc, id desc)` index: rows inserted between two pages shift nothing, so no
 * row is skipped or shown twice (an offset would do both).
 * @see https://use-the-index-luke.com/no-offset
 */
interface KeysetQuery<Q> {
  lte(column: "created_at", value: string): Q;
  or(filters: string): Q;
}

/** Narrows a query to the rows after `cursor`: created_at < c, or created_at = c and id < id. */
export function afterCursor<Q extends KeysetQuery<Q>>(query: Q, cursor: Cursor | null | undefined): Q {
  if (!cursor) return query;
  // The `lte` bounds the index scan; the `or` then only decides among rows of equal created_at.
  // IMPORTANT: a timestamp holds `:` and `.`, which PostgREST's logic trees reserve: quote it.
  return query.lte("created_at", cursor.createdAt).or(`created_at.lt."${cursor.createdAt}",id.lt.${cursor.id}`);
}

export interface Page<T> {
  items: T[];
  nextCursor: Cursor | null;
}

/** The query asked for `limit + 1` rows: the extra one only says whether another page exists. */
export function toPage<T extends { id: number | string; created_at: string }>(rows: T[], limit: number): Page<T> {
  const items = rows.slice(0, limit);
  const last = items.at(-1);
  return {
    items,
    nextCursor: rows.length > limit && last ? { createdAt: last.created_at, id: last.id } : null,
  };
}
