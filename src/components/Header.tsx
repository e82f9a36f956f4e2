import Link from "next/link";
import { useRouter } from "next/router";
import { trpc } from "~/utils/trpc";

export function Header() {
  const router = useRouter();
  const utils = trpc.useUtils();
  const me = trpc.auth.me.useQuery();
  const signOut = trpc.auth.signOut.useMutation({
    onSuccess: async () => {
      await utils.invalidate();
      await router.push("/");
    },
  });

  return (
    <header className="site-header">
      <Link href="/" className="brand">
        tRPC + Supabase
      </Link>
      <nav>
        {me.data ? (
          <>
            <span data-testid="signed-in-as">{`@${me.data.profile?.username ?? me.data.email}`}</span>
            <button type="button" onClick={() => signOut.mutate()} disabled={signOut.isPending}>
              {signOut.isPending ? "Signing out…" : "Sign out"}
            </button>
          </>
        ) : (
          <>
            <Link href="/login">Sign in</Link>
            <Link href="/signup">Sign up</Link>
          </>
        )}
      </nav>
    </header>
  );
}
