import Link from "next/link";
import { ErrorState } from "~/components/ErrorState";
import { LoadMore } from "~/components/LoadMore";
import { Skeleton } from "~/components/Skeleton";
import { type RouterInputs, trpc } from "~/utils/trpc";

const link =
  "block truncate rounded-md px-2 py-1.5 text-sm text-zinc-700 hover:bg-zinc-200/70 aria-[current=page]:bg-zinc-200 aria-[current=page]:font-medium dark:text-zinc-300 dark:hover:bg-zinc-800 dark:aria-[current=page]:bg-zinc-800";

interface ConversationListProps {
  input: RouterInputs["assistant"]["conversations"];
  current: string | null;
}

/** Earlier conversations, newest first, a page at a time; and the way to start a new one. */
export function ConversationList({ input, current }: ConversationListProps) {
  const list = trpc.assistant.conversations.useInfiniteQuery(input, { getNextPageParam: (page) => page.nextCursor });
  return (
    <nav aria-label="Conversations" className="space-y-3">
      <Link
        href="/assistant"
        className="flex h-9 items-center justify-center rounded-md border border-zinc-300 text-sm font-medium hover:bg-zinc-100 dark:border-zinc-700 dark:hover:bg-zinc-800"
      >
        New conversation
      </Link>
      {list.isPending ? (
        <Skeleton rows={4} className="h-8" />
      ) : list.isError ? (
        <ErrorState
          title="Conversations could not be loaded"
          message={list.error.message}
          onRetry={() => list.refetch()}
          retrying={list.isRefetching}
        />
      ) : (
        <>
          {list.data.pages[0]?.items.length === 0 && (
            <p className="px-2 text-sm text-zinc-500 dark:text-zinc-400">No conversations yet.</p>
          )}
          <ul className="space-y-0.5">
            {list.data.pages.flatMap((page) =>
              page.items.map((conversation) => (
                <li key={conversation.id}>
                  <Link
                    href={`/assistant?c=${conversation.id}`}
                    className={link}
                    aria-current={conversation.id === current ? "page" : undefined}
                  >
                    {conversation.title}
                  </Link>
                </li>
              )),
            )}
          </ul>
          <LoadMore {...list} />
        </>
      )}
    </nav>
  );
}
