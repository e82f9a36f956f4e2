import Link from "next/link";
import { EmptyState } from "~/components/EmptyState";
import { ErrorState } from "~/components/ErrorState";
import { LiveStatus } from "~/components/LiveStatus";
import { LoadMore } from "~/components/LoadMore";
import { Skeleton } from "~/components/Skeleton";
import { type RouterInputs, trpc } from "~/utils/trpc";
import { ItemCard } from "./ItemCard";
import { useItemMutations } from "./useItemMutations";
import { useLiveItems } from "./useLiveItems";

interface ItemListProps {
  input: RouterInputs["item"]["list"];
  /** An item to focus once it is on the list (the one this visitor just posted). */
  focusId?: number | null;
}

/** The board, newest first; authors may delete their own items, admins any. */
export function ItemList({ input, focusId = null }: ItemListProps) {
  const me = trpc.auth.me.useQuery().data;
  const list = trpc.item.list.useInfiniteQuery(input, { getNextPageParam: (page) => page.nextCursor });
  const { remove } = useItemMutations();
  const live = useLiveItems();

  if (list.isPending) return <Skeleton rows={3} className="h-24" />;
  if (list.isError) {
    return (
      <ErrorState
        title="The board could not be loaded"
        message={list.error.message}
        onRetry={() => list.refetch()}
        retrying={list.isRefetching}
      />
    );
  }
  const items = list.data.pages.flatMap((page) => page.items);
  if (items.length === 0) {
    return (
      <EmptyState
        title="Nothing on the board yet"
        description={me ? "Be the first to post: write something above." : "Sign in and be the first to post."}
        action={
          me ? undefined : (
            <Link href="/login?next=/" className="font-medium text-accent hover:underline">
              Sign in
            </Link>
          )
        }
      />
    );
  }
  const mayDelete = (authorId: string) => me?.role === "admin" || me?.id === authorId;
  return (
    <div className="space-y-3">
      <LiveStatus status={live.status} error={live.error} />
      <ul className="space-y-3" aria-label="Board">
        {items.map((item) => (
          <li key={item.id}>
            <ItemCard
              item={item}
              focused={item.id === focusId}
              onDelete={mayDelete(item.author_id) ? () => remove.mutate({ id: item.id }) : undefined}
            />
          </li>
        ))}
      </ul>
      <LoadMore {...list} />
    </div>
  );
}
