import Head from "next/head";
import type { ReactNode } from "react";
import { Header } from "./Header";

interface LayoutProps {
  title: string;
  description?: string;
  /** Beside the heading: e.g. a filter. */
  aside?: ReactNode;
  children: ReactNode;
}

/** Every page: the header, then one column with the page's heading. */
export function Layout({ title, description, aside, children }: LayoutProps) {
  return (
    <>
      <Head>
        <title>{`${title} · tRPC + Supabase`}</title>
      </Head>
      <Header />
      <main className="mx-auto max-w-3xl space-y-6 px-4 py-8">
        <div className="flex flex-wrap items-end justify-between gap-3">
          <div>
            <h1 className="text-2xl font-semibold tracking-tight">{title}</h1>
            {description && <p className="mt-1 text-zinc-600 dark:text-zinc-400">{description}</p>}
          </div>
          {aside}
        </div>
        {children}
      </main>
    </>
  );
}
