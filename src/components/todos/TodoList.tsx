import { Button } from "~/components/Button";
import { EmptyState } from "~/components/EmptyState";
import { ErrorState } from "~/components/ErrorState";
import { LiveStatus } from "~/components/LiveStatus";
import { LoadMore } from "~/components/LoadMore";
import { Skeleton } from "~/components/Skeleton";
import type { TodoFilter } from "~/schemas/todo";
import { type RouterInputs, trpc } from "~/utils/trpc";
import { TodoRow } from "./TodoRow";
import { useLiveTodos } from "./useLiveTodos";
import { useTodoMutations } from "./useTodoMutations";

const emptyText: Record<TodoFilter, { title: string; description: string }> = {
  all: { title: "No to-dos yet", description: "Add the first thing you need to do above." },
  active: { title: "Nothing left to do", description: "Everything is done. Add something new above." },
  done: { title: "Nothing done yet", description: "Tick a to-do when you finish it." },
};

export function TodoList({ input }: { input: RouterInputs["todo"]["list"] & { filter: TodoFilter } }) {
  const list = trpc.todo.list.useInfiniteQuery(input, { getNextPageParam: (page) => page.nextCursor });
  const counts = trpc.todo.counts.useQuery();
  const { update, remove, clearCompleted } = useTodoMutations();
  const live = useLiveTodos();

  if (list.isPending) return <Skeleton rows={4} className="h-12" />;
  if (list.isError) {
    return (
      <ErrorState
        title="Your to-dos could not be loaded"
        message={list.error.message}
        onRetry={() => list.refetch()}
        retrying={list.isRefetching}
      />
    );
  }
  const todos = list.data.pages.flatMap((page) => page.items);
  return (
    <div className="space-y-3">
      <LiveStatus status={live.status} error={live.error} />
      {todos.length === 0 ? (
        <EmptyState {...emptyText[input.filter]} />
      ) : (
        <ul className="divide-y divide-zinc-200 rounded-lg border border-zinc-200 bg-white dark:divide-zinc-800 dark:border-zinc-800 dark:bg-zinc-900">
          {todos.map((todo) => (
            <TodoRow
              key={todo.id}
              todo={todo}
              onToggle={(done) => update.mutate({ id: todo.id, done })}
              onRename={(title) => update.mutate({ id: todo.id, title })}
              onDelete={() => remove.mutate({ id: todo.id })}
            />
          ))}
        </ul>
      )}
      <LoadMore {...list} />
      {counts.data && (
        <div className="flex items-center justify-between text-sm text-zinc-600 dark:text-zinc-400">
          <span data-testid="todos-left">
            {counts.data.active} {counts.data.active === 1 ? "item" : "items"} left
          </span>
          {counts.data.done > 0 && (
            <Button
              variant="ghost"
              size="sm"
              onClick={() => clearCompleted.mutate()}
              pending={clearCompleted.isPending}
              pendingLabel="Clearing…"
            >
              Clear completed ({counts.data.done})
            </Button>
          )}
        </div>
      )}
    </div>
  );
}
