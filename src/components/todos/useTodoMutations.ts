import { getQueryKey } from "@trpc/react-query";
import type { TodoFilter } from "~/schemas/todo";
import { useOptimisticList } from "~/utils/optimistic-list";
import { toast } from "~/utils/toast";
import { type RouterInputs, type RouterOutputs, trpc } from "~/utils/trpc";

export type Todo = RouterOutputs["todo"]["list"]["items"][number];

/** Whether a to-do belongs in the list cached for `listInput` (its filter). */
const shows = (todo: Pick<Todo, "done">, listInput: unknown) => {
  const filter = (listInput as { filter?: TodoFilter } | undefined)?.filter ?? "all";
  return filter === "all" || (filter === "done") === todo.done;
};

/** Every change to the to-do list, shown at once and rolled back if the server says no. */
export function useTodoMutations() {
  const listKey = getQueryKey(trpc.todo.list);
  const alsoChanges = [getQueryKey(trpc.todo.counts)];

  const create = trpc.todo.create.useMutation(
    useOptimisticList<Todo, RouterInputs["todo"]["create"]>({
      listKey,
      alsoChanges,
      apply: (todos, { title }, listInput) => {
        const now = new Date().toISOString();
        // A negative id marks the row as not yet saved.
        const todo = { id: -Date.now(), title: title.trim(), done: false, created_at: now, updated_at: now };
        return shows(todo, listInput) ? [todo, ...todos] : todos;
      },
      failure: ({ title }) => `Could not add “${title}”`,
    }),
  );

  const update = trpc.todo.update.useMutation(
    useOptimisticList<Todo, RouterInputs["todo"]["update"]>({
      listKey,
      alsoChanges,
      apply: (todos, { id, ...changes }, listInput) =>
        todos.map((todo) => (todo.id === id ? { ...todo, ...changes } : todo)).filter((todo) => shows(todo, listInput)),
      failure: ({ title, done }) =>
        title !== undefined
          ? `Could not rename to “${title}”`
          : `Could not mark the to-do ${done ? "done" : "not done"}`,
    }),
  );

  const remove = trpc.todo.delete.useMutation(
    useOptimisticList<Todo, RouterInputs["todo"]["delete"]>({
      listKey,
      alsoChanges,
      apply: (todos, { id }) => todos.filter((todo) => todo.id !== id),
      failure: () => "Could not delete the to-do",
    }),
  );

  const clearCompleted = trpc.todo.clearCompleted.useMutation({
    ...useOptimisticList<Todo, void>({
      listKey,
      alsoChanges,
      apply: (todos) => todos.filter((todo) => !todo.done),
      failure: () => "Could not clear the completed to-dos",
    }),
    onSuccess: ({ deleted }) => toast.success(`Cleared ${deleted} completed ${deleted === 1 ? "to-do" : "to-dos"}`),
  });

  return { create, update, remove, clearCompleted };
}
