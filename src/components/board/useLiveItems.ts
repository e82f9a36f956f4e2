import { useQueryClient } from "@tanstack/react-query";
import { getQueryKey } from "@trpc/react-query";
import { useLiveCursor } from "~/utils/live-cursor";
import { applyLiveEvent } from "~/utils/live-list";
import { trpc } from "~/utils/trpc";

/** Keeps every cached board list up to date with what others post and delete. */
export function useLiveItems() {
  const queryClient = useQueryClient();
  const utils = trpc.useUtils();
  return trpc.item.onChange.useSubscription(
    { lastEventId: useLiveCursor() },
    {
      onData: ({ data: event }) => {
        if (event.kind === "resync") return void utils.item.list.invalidate();
        // This tab's own post or delete is in flight: its refetch on settling has the last word.
        if (queryClient.isMutating() > 0) return;
        applyLiveEvent(queryClient, getQueryKey(trpc.item.list), event);
      },
    },
  );
}
