import type { InfiniteData, QueryClient, QueryKey } from "@tanstack/react-query";
import type { LiveEvent } from "~/server/live/subscription";

interface Row {
  id: number;
  created_at: string;
}

interface Page<R> {
  items: R[];
  nextCursor: unknown;
}

/**
 * Applies a live event to every cached copy of an infinite list (newest first): a new row
 * goes where it sorts, a changed one is replaced, a deleted one dropped. `belongs` says
 * whether a row is on the list cached with `listInput` (e.g. a filter). Returns whether
 * anything changed, so a caller can skip refetching counts after its own writes.
 */
export function applyLiveEvent<R extends Row>(
  queryClient: QueryClient,
  listKey: QueryKey,
  event: Exclude<LiveEvent<R>, { kind: "resync" }>,
  belongs: (row: R, listInput: unknown) => boolean = () => true,
) {
  let changed = false;
  for (const [key, data] of queryClient.getQueriesData<InfiniteData<Page<R>>>({ queryKey: listKey })) {
    if (!data) continue;
    // tRPC keys are [path, { input, type }].
    const listInput = (key[1] as { input?: unknown } | undefined)?.input;
    const rows = data.pages.flatMap((page) => page.items);
    const hasMore = data.pages.at(-1)?.nextCursor != null;
    const next = event.kind === "delete" ? rows.filter((row) => row.id !== event.id) : upsert(rows, event.row, hasMore);
    const shown =
      event.kind === "upsert" && !belongs(event.row, listInput) ? rows.filter((row) => row.id !== event.row.id) : next;
    if (sameRows(rows, shown)) continue;
    changed = true;
    // As in useOptimisticList: all rows on the first page, every page keeps its cursor.
    const pages = data.pages.map((page, index) => ({ ...page, items: index === 0 ? shown : [] }));
    queryClient.setQueryData<InfiniteData<Page<R>>>(key, { ...data, pages });
  }
  return changed;
}

function upsert<R extends Row>(rows: R[], row: R, hasMore: boolean) {
  const others = rows.filter((existing) => existing.id !== row.id);
  const at = others.findIndex((existing) => isNewer(row, existing));
  // Older than every loaded row: it arrives with "Load more", unless the list is complete.
  if (at === -1) return hasMore ? others : [...others, row];
  return [...others.slice(0, at), row, ...others.slice(at)];
}

const isNewer = (a: Row, b: Row) =>
  a.created_at === b.created_at ? a.id > b.id : new Date(a.created_at) > new Date(b.created_at);

const sameRows = <R>(a: R[], b: R[]) =>
  a.length === b.length && a.every((row, index) => JSON.stringify(row) === JSON.stringify(b[index]));
