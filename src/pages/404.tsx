import Head from "next/head";
import Link from "next/link";

// Static, so it has no header: the header's session query would be this page's only request.
export default function NotFoundPage() {
  return (
    <>
      <Head>
        <title>Not found · tRPC + Supabase</title>
      </Head>
      <main className="mx-auto flex min-h-dvh max-w-md flex-col items-center justify-center gap-3 px-4 text-center">
        <p className="text-sm font-medium text-accent">404</p>
        <h1 className="text-2xl font-semibold tracking-tight">This page does not exist</h1>
        <p className="text-zinc-600 dark:text-zinc-400">It may have moved, or you may not be allowed to see it.</p>
        <Link href="/" className="mt-2 rounded-md bg-accent px-4 py-2 font-medium text-white hover:bg-accent-strong">
          Back to the board
        </Link>
      </main>
    </>
  );
}
