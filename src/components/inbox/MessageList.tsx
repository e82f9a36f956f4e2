import { Button } from "~/components/Button";
import { EmptyState } from "~/components/EmptyState";
import { ErrorState } from "~/components/ErrorState";
import { LoadMore } from "~/components/LoadMore";
import { RelativeTime } from "~/components/RelativeTime";
import { Skeleton } from "~/components/Skeleton";
import { type RouterInputs, trpc } from "~/utils/trpc";
import { useInboxMutations } from "./useInboxMutations";

const emptyText = {
  inbox: { title: "The inbox is empty", description: "Messages sent through the contact form arrive here." },
  unread: { title: "All read", description: "No unread messages." },
  archived: { title: "Nothing archived", description: "Archived messages are kept here." },
};

export function MessageList({
  input,
}: {
  input: RouterInputs["contact"]["list"] & { filter: keyof typeof emptyText };
}) {
  const list = trpc.contact.list.useInfiniteQuery(input, { getNextPageParam: (page) => page.nextCursor });
  const { setStatus, remove } = useInboxMutations();

  if (list.isPending) return <Skeleton rows={3} className="h-28" />;
  if (list.isError) {
    return (
      <ErrorState
        title="The inbox could not be loaded"
        message={list.error.message}
        onRetry={() => list.refetch()}
        retrying={list.isRefetching}
      />
    );
  }
  const messages = list.data.pages.flatMap((page) => page.items);
  if (messages.length === 0) return <EmptyState {...emptyText[input.filter]} />;
  return (
    <div className="space-y-3">
      <ul className="space-y-3" aria-label="Messages">
        {messages.map((message) => (
          <li
            key={message.id}
            data-testid="message"
            className="rounded-lg border border-zinc-200 bg-white p-4 dark:border-zinc-800 dark:bg-zinc-900"
          >
            <div className="flex flex-wrap items-baseline justify-between gap-2">
              <h3 className={`min-w-0 break-words ${message.status === "new" ? "font-semibold" : "font-medium"}`}>
                {message.status === "new" && (
                  <span className="mr-2 inline-block size-2 rounded-full bg-accent">
                    <span className="sr-only">Unread: </span>
                  </span>
                )}
                {message.subject}
              </h3>
              <span className="text-sm text-zinc-500 dark:text-zinc-400">
                <RelativeTime iso={message.created_at} />
              </span>
            </div>
            <p className="mt-0.5 text-sm text-zinc-600 break-all dark:text-zinc-400">
              {message.name} · <a href={`mailto:${message.email}`}>{message.email}</a>
            </p>
            <p className="mt-2 whitespace-pre-line break-words">{message.message}</p>
            <div className="mt-3 flex flex-wrap gap-2">
              <Button
                variant="secondary"
                size="sm"
                onClick={() => setStatus.mutate({ id: message.id, status: message.status === "new" ? "read" : "new" })}
              >
                {message.status === "new" ? "Mark read" : "Mark unread"}
              </Button>
              <Button
                variant="secondary"
                size="sm"
                onClick={() =>
                  setStatus.mutate({ id: message.id, status: message.status === "archived" ? "read" : "archived" })
                }
              >
                {message.status === "archived" ? "Move to inbox" : "Archive"}
              </Button>
              <Button variant="ghost" size="sm" onClick={() => remove.mutate({ id: message.id })}>
                Delete
              </Button>
            </div>
          </li>
        ))}
      </ul>
      <LoadMore {...list} />
    </div>
  );
}
