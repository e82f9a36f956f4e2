import { type DehydratedState, HydrationBoundary, QueryClientProvider } from "@tanstack/react-query";
import type { AppProps } from "next/app";
import Head from "next/head";
import { useMemo, useState } from "react";
import superjson, { type SuperJSONResult } from "superjson";
import { Toaster } from "~/components/Toaster";
import { UnsavedChangesGuard } from "~/components/UnsavedChangesGuard";
import { LiveCursorContext } from "~/utils/live-cursor";
import { createQueryClient } from "~/utils/query-client";
import { createTRPCClient, trpc } from "~/utils/trpc";
import "~/styles/globals.css";

/** Pages using `pageData` hand over what the server already fetched, superjson-encoded. */
interface PageProps {
  trpcState?: SuperJSONResult;
  liveCursor?: string | null;
}

export default function App({ Component, pageProps }: AppProps<PageProps>) {
  const [queryClient] = useState(createQueryClient);
  const [trpcClient] = useState(createTRPCClient);
  const { trpcState, liveCursor = null } = pageProps;
  const prefetched = useMemo(() => trpcState && superjson.deserialize<DehydratedState>(trpcState), [trpcState]);
  return (
    <trpc.Provider client={trpcClient} queryClient={queryClient}>
      <QueryClientProvider client={queryClient}>
        <HydrationBoundary state={prefetched}>
          <Head>
            <meta name="viewport" content="width=device-width, initial-scale=1" />
          </Head>
          <LiveCursorContext value={liveCursor}>
            <Component {...pageProps} />
          </LiveCursorContext>
          <Toaster />
          <UnsavedChangesGuard />
        </HydrationBoundary>
      </QueryClientProvider>
    </trpc.Provider>
  );
}
