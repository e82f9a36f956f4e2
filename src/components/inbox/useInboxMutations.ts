import { getQueryKey } from "@trpc/react-query";
import { useOptimisticList } from "~/utils/optimistic-list";
import { type RouterInputs, type RouterOutputs, trpc } from "~/utils/trpc";

export type Message = RouterOutputs["contact"]["list"]["items"][number];

/** Whether a message belongs in the inbox view cached for `listInput`. */
const shows = (message: Pick<Message, "status">, listInput: unknown) => {
  const filter = (listInput as { filter?: string } | undefined)?.filter ?? "inbox";
  if (filter === "archived") return message.status === "archived";
  return filter === "unread" ? message.status === "new" : message.status !== "archived";
};

const failures = { new: "mark the message unread", read: "mark the message read", archived: "archive the message" };

export function useInboxMutations() {
  const listKey = getQueryKey(trpc.contact.list);
  const alsoChanges = [getQueryKey(trpc.contact.unreadCount)];

  const setStatus = trpc.contact.setStatus.useMutation(
    useOptimisticList<Message, RouterInputs["contact"]["setStatus"]>({
      listKey,
      alsoChanges,
      apply: (messages, { id, status }, listInput) =>
        messages
          .map((message) => (message.id === id ? { ...message, status } : message))
          .filter((m) => shows(m, listInput)),
      failure: ({ status }) => `Could not ${failures[status]}`,
    }),
  );

  const remove = trpc.contact.delete.useMutation(
    useOptimisticList<Message, RouterInputs["contact"]["delete"]>({
      listKey,
      alsoChanges,
      apply: (messages, { id }) => messages.filter((message) => message.id !== id),
      failure: () => "Could not delete the message",
    }),
  );

  return { setStatus, remove };
}
