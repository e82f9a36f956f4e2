import { useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useRouter } from "next/router";
import { toast } from "~/utils/toast";
import { trpc } from "~/utils/trpc";
import { Button } from "./Button";
import { useLiveInbox } from "./inbox/useLiveInbox";

const navLink =
  "rounded-md px-2 py-1 text-sm text-zinc-600 hover:text-zinc-900 aria-[current=page]:font-semibold aria-[current=page]:text-zinc-900 dark:text-zinc-400 dark:hover:text-zinc-100 dark:aria-[current=page]:text-zinc-100";

/**
 * The same height signed in or out, so nothing shifts when a session appears. Below `md`
 * (where the column is narrower than its 768 px) the nav gets a row of its own, and on a phone
 * an admin's six links wrap onto a second one rather than scroll out of sight.
 */
export function Header() {
  const router = useRouter();
  const queryClient = useQueryClient();
  const me = trpc.auth.me.useQuery();
  const signOut = trpc.auth.signOut.useMutation({
    onSuccess: async () => {
      await router.push("/");
      // The previous user's to-dos must not linger in this tab's cache.
      queryClient.clear();
    },
    onError: (error) => toast.error(`Could not sign out: ${error.message}`),
  });
  const isAdmin = me.data?.role === "admin";
  const unread = trpc.contact.unreadCount.useQuery(undefined, { enabled: isAdmin }).data ?? 0;
  useLiveInbox(isAdmin);
  const links = [
    { href: "/", label: "Board" },
    ...(me.data ? [{ href: "/todos", label: "To-dos" }] : []),
    ...(me.data ? [{ href: "/assistant", label: "Assistant" }] : []),
    { href: "/contact", label: "Contact" },
    ...(isAdmin ? [{ href: "/admin", label: "Admin" }] : []),
    ...(isAdmin ? [{ href: "/admin/inbox", label: "Inbox", badge: unread }] : []),
  ];

  return (
    <header className="sticky top-0 z-10 border-b border-zinc-200 bg-white/90 backdrop-blur dark:border-zinc-800 dark:bg-zinc-950/90">
      <div className="mx-auto flex max-w-3xl flex-wrap items-center gap-x-3 px-4">
        <Link href="/" className="flex h-14 shrink-0 items-center font-semibold tracking-tight">
          tRPC + Supabase
        </Link>
        <nav
          aria-label="Main"
          className="order-last -mx-2 flex min-h-10 w-full flex-wrap items-center gap-x-1 pb-1 md:order-none md:mx-0 md:h-14 md:w-auto md:flex-1 md:flex-nowrap md:pb-0"
        >
          {links.map(({ href, label, badge }) => (
            <Link
              key={href}
              href={href}
              className={`${navLink} whitespace-nowrap`}
              aria-current={router.pathname === href ? "page" : undefined}
            >
              {label}
              {badge ? (
                <span className="ml-1 rounded-full bg-accent px-1.5 py-0.5 text-xs font-semibold text-white">
                  <span data-testid="unread-count">{badge}</span>
                  <span className="sr-only"> unread</span>
                </span>
              ) : null}
            </Link>
          ))}
        </nav>
        <div className="ml-auto flex h-14 shrink-0 items-center gap-2">
          {me.data ? (
            <>
              <Link href="/account" className={navLink} data-testid="signed-in-as">
                {`@${me.data.profile?.username ?? me.data.email}`}
              </Link>
              <Button
                variant="ghost"
                size="sm"
                onClick={() => signOut.mutate()}
                pending={signOut.isPending}
                pendingLabel="Signing out…"
              >
                Sign out
              </Button>
            </>
          ) : (
            <>
              <Link href="/login" className={navLink}>
                Sign in
              </Link>
              <Link
                href="/signup"
                className="rounded-md bg-accent px-3 py-1.5 text-sm font-medium text-white hover:bg-accent-strong"
              >
                Sign up
              </Link>
            </>
          )}
        </div>
      </div>
    </header>
  );
}
