import { Button } from "~/components/Button";
import { ErrorState } from "~/components/ErrorState";
import { LoadMore } from "~/components/LoadMore";
import { RelativeTime } from "~/components/RelativeTime";
import { Skeleton } from "~/components/Skeleton";
import { toast } from "~/utils/toast";
import { type RouterInputs, trpc } from "~/utils/trpc";

/** Every account, newest first, with the role an admin can change. */
export function UserTable({ input }: { input: RouterInputs["user"]["list"] }) {
  const utils = trpc.useUtils();
  const me = trpc.auth.me.useQuery().data;
  const list = trpc.user.list.useInfiniteQuery(input, { getNextPageParam: (page) => page.nextCursor });
  const setRole = trpc.user.setRole.useMutation({
    onSuccess: ({ role }) => toast.success(role === "admin" ? "Promoted to admin" : "Demoted to user"),
    onError: (error) => toast.error("Could not change the role", { description: error.message }),
    onSettled: () => utils.user.list.invalidate(),
  });

  if (list.isPending) return <Skeleton rows={4} className="h-10" />;
  if (list.isError) {
    return (
      <ErrorState
        title="Users could not be loaded"
        message={list.error.message}
        onRetry={() => list.refetch()}
        retrying={list.isRefetching}
      />
    );
  }
  const users = list.data.pages.flatMap((page) => page.items);
  return (
    <div className="space-y-3">
      <div className="overflow-x-auto">
        <table className="w-full text-left text-sm">
          <thead className="text-zinc-500 dark:text-zinc-400">
            <tr>
              <th className="py-2 pr-3 font-medium">User</th>
              <th className="py-2 pr-3 font-medium">Role</th>
              <th className="py-2 pr-3 font-medium">Joined</th>
              <th className="py-2 font-medium">
                <span className="sr-only">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody className="divide-y divide-zinc-200 dark:divide-zinc-800">
            {users.map((user) => {
              const next = user.role === "admin" ? "user" : "admin";
              const changing = setRole.isPending && setRole.variables?.userId === user.id;
              return (
                <tr key={user.id} data-testid="user-row">
                  <td className="py-2 pr-3">
                    <div className="font-medium">@{user.username ?? "—"}</div>
                    <div className="hidden text-zinc-500 sm:block dark:text-zinc-400">{user.email}</div>
                  </td>
                  <td className="py-2 pr-3">{user.role}</td>
                  <td className="py-2 pr-3 whitespace-nowrap">
                    <RelativeTime iso={user.created_at} />
                  </td>
                  <td className="py-2 text-right">
                    <Button
                      variant="secondary"
                      size="sm"
                      onClick={() => setRole.mutate({ userId: user.id, role: next })}
                      pending={changing}
                      pendingLabel="Saving…"
                      aria-label={`${next === "admin" ? "Promote" : "Demote"} @${user.username}`}
                    >
                      {next === "admin" ? "Promote" : user.id === me?.id ? "Step down" : "Demote"}
                    </Button>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      <LoadMore {...list} />
    </div>
  );
}
