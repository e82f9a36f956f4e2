import { type InfiniteData, type QueryKey, useQueryClient } from "@tanstack/react-query";
import { toast } from "~/utils/toast";

interface Page<Item> {
  items: Item[];
  nextCursor: unknown;
}

interface OptimisticListOptions<Item, Variables> {
  /** The list's key prefix, covering every input it is cached under (e.g. each filter). */
  listKey: QueryKey;
  /** The rows as they will be once the mutation succeeds, for the list cached with `listInput`. */
  apply: (items: Item[], variables: Variables, listInput: unknown) => Item[];
  /** What failed, in the user's words: "Could not rename “Milk”". */
  failure: (variables: Variables) => string;
  /** Other queries the mutation changes (e.g. counts), refetched when it settles. */
  alsoChanges?: QueryKey[];
}

/**
 * TanStack Query's optimistic-update recipe for an infinite list, written once: onMutate
 * cancels the list's fetches, snapshots and rewrites every cached copy; onError restores the
 * snapshot and says what failed; onSettled refetches, so the server has the last word.
 * @see https://tanstack.com/query/v5/docs/framework/react/guides/optimistic-updates
 */
export function useOptimisticList<Item, Variables>(options: OptimisticListOptions<Item, Variables>) {
  const queryClient = useQueryClient();
  const { listKey, apply, failure, alsoChanges = [] } = options;
  return {
    // The change shows before the server has it: UnsavedChangesGuard asks before leaving then.
    meta: { optimistic: true },
    onMutate: async (variables: Variables) => {
      await queryClient.cancelQueries({ queryKey: listKey });
      const snapshot = queryClient.getQueriesData<InfiniteData<Page<Item>>>({ queryKey: listKey });
      for (const [key, data] of snapshot) {
        if (!data) continue;
        // tRPC keys are [path, { input, type }].
        const listInput = (key[1] as { input?: unknown } | undefined)?.input;
        const rows = apply(
          data.pages.flatMap((page) => page.items),
          variables,
          listInput,
        );
        // All rows go on the first page; the pages keep their cursors, so "Load more" and the
        // refetch after settling still ask for exactly the pages already loaded.
        const pages = data.pages.map((page, index) => ({ ...page, items: index === 0 ? rows : [] }));
        queryClient.setQueryData<InfiniteData<Page<Item>>>(key, { ...data, pages });
      }
      return { snapshot };
    },
    onError: (
      error: { message: string },
      variables: Variables,
      context: { snapshot: [QueryKey, unknown][] } | undefined,
    ) => {
      for (const [key, data] of context?.snapshot ?? []) queryClient.setQueryData(key, data);
      toast.error(failure(variables), { description: error.message });
    },
    onSettled: () => {
      // Two quick toggles: the first one's refetch would undo the second's optimistic change.
      // The last mutation to settle refetches for all of them.
      if (queryClient.isMutating() > 1) return;
      return Promise.all([listKey, ...alsoChanges].map((queryKey) => queryClient.invalidateQueries({ queryKey })));
    },
  };
}
