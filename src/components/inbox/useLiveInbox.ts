import { useQueryClient } from "@tanstack/react-query";
import { getQueryKey } from "@trpc/react-query";
import type { InboxRow } from "~/server/routers/contact";
import { useLiveCursor } from "~/utils/live-cursor";
import { applyLiveEvent } from "~/utils/live-list";
import { trpc } from "~/utils/trpc";

const shows = (filter: string | undefined, status: InboxRow["status"]) =>
  filter === "archived" ? status === "archived" : filter === "unread" ? status === "new" : status !== "archived";

/** For admins, on every page: new messages reach the inbox list and the header's badge. */
export function useLiveInbox(enabled: boolean) {
  const queryClient = useQueryClient();
  const utils = trpc.useUtils();
  return trpc.contact.onChange.useSubscription(
    { lastEventId: useLiveCursor() },
    {
      enabled,
      onData: ({ data: event }) => {
        if (event.kind === "resync") return void utils.contact.invalidate();
        void utils.contact.unreadCount.invalidate();
        if (queryClient.isMutating() > 0) return;
        applyLiveEvent(queryClient, getQueryKey(trpc.contact.list), event, (message, input) =>
          shows((input as { filter?: string } | undefined)?.filter, message.status),
        );
      },
    },
  );
}
