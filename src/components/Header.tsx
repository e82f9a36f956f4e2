import Link from "next/link";
import { useRouter } from "next/router";
import { toast } from "sonner";
import { trpc } from "~/utils/trpc";
import { Button } from "./Button";

const navLink =
  "rounded-md px-2 py-1 text-sm text-zinc-600 hover:text-zinc-900 aria-[current=page]:font-semibold aria-[current=page]:text-zinc-900 dark:text-zinc-400 dark:hover:text-zinc-100 dark:aria-[current=page]:text-zinc-100";

/** The same height signed in or out: the nav scrolls sideways on narrow screens instead of wrapping. */
export function Header() {
  const router = useRouter();
  const utils = trpc.useUtils();
  const me = trpc.auth.me.useQuery();
  const signOut = trpc.auth.signOut.useMutation({
    onSuccess: async () => {
      await router.push("/");
      await utils.invalidate();
    },
    onError: (error) => toast.error(`Could not sign out: ${error.message}`),
  });
  const links = [
    { href: "/", label: "Board" },
    ...(me.data ? [{ href: "/todos", label: "To-dos" }] : []),
    ...(me.data?.role === "admin" ? [{ href: "/admin", label: "Admin" }] : []),
  ];

  return (
    <header className="sticky top-0 z-10 border-b border-zinc-200 bg-white/90 backdrop-blur dark:border-zinc-800 dark:bg-zinc-950/90">
      <div className="mx-auto flex h-14 max-w-3xl items-center gap-3 px-4">
        <Link href="/" className="shrink-0 font-semibold tracking-tight">
          tRPC + Supabase
        </Link>
        <nav aria-label="Main" className="flex min-w-0 flex-1 gap-1 overflow-x-auto">
          {links.map(({ href, label }) => (
            <Link
              key={href}
              href={href}
              className={navLink}
              aria-current={router.pathname === href ? "page" : undefined}
            >
              {label}
            </Link>
          ))}
        </nav>
        <div className="flex shrink-0 items-center gap-2">
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
