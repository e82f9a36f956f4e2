import { getQueryKey } from "@trpc/react-query";
import { useOptimisticList } from "~/utils/optimistic-list";
import { toast } from "~/utils/toast";
import { type RouterInputs, type RouterOutputs, trpc } from "~/utils/trpc";

export type Item = RouterOutputs["item"]["list"]["items"][number];

/** Posting and deleting on the board, shown at once and rolled back if the server says no. */
export function useItemMutations() {
  const me = trpc.auth.me.useQuery().data;
  const listKey = getQueryKey(trpc.item.list);

  const create = trpc.item.create.useMutation({
    ...useOptimisticList<Item, RouterInputs["item"]["create"]>({
      listKey,
      apply: (items, input) => [
        {
          // A negative id marks the row as not yet saved.
          id: -Date.now(),
          author_id: me?.id ?? "",
          title: input.title.trim(),
          body: input.body.trim(),
          created_at: new Date().toISOString(),
          author: { username: me?.profile?.username ?? "you" },
        },
        ...items,
      ],
      failure: (input) => `Could not post “${input.title}”`,
    }),
  });

  const remove = trpc.item.delete.useMutation({
    ...useOptimisticList<Item, RouterInputs["item"]["delete"]>({
      listKey,
      apply: (items, { id }) => items.filter((item) => item.id !== id),
      failure: () => "Could not delete the post",
    }),
    onSuccess: () => toast.success("Post deleted"),
  });

  return { create, remove };
}
