import { useQueryClient } from "@tanstack/react-query";
import { getQueryKey } from "@trpc/react-query";
import type { TodoFilter } from "~/schemas/todo";
import { useLiveCursor } from "~/utils/live-cursor";
import { applyLiveEvent } from "~/utils/live-list";
import { trpc } from "~/utils/trpc";

const shows = (filter: TodoFilter | undefined, done: boolean) =>
  filter === undefined || filter === "all" || (filter === "done") === done;

/** Keeps this tab's to-dos in step with the user's other tabs and devices. */
export function useLiveTodos() {
  const queryClient = useQueryClient();
  const utils = trpc.useUtils();
  return trpc.todo.onChange.useSubscription(
    { lastEventId: useLiveCursor() },
    {
      onData: ({ data: event }) => {
        if (event.kind === "resync") return void utils.todo.invalidate();
        if (queryClient.isMutating() > 0) return;
        const changed = applyLiveEvent(queryClient, getQueryKey(trpc.todo.list), event, (todo, input) =>
          shows((input as { filter?: TodoFilter } | undefined)?.filter, todo.done),
        );
        // This tab's own writes arrive too, already shown: only others' change the counts.
        if (changed) void utils.todo.counts.invalidate();
      },
    },
  );
}
