import { type DehydratedState, HydrationBoundary, QueryClientProvider } from "@tanstack/react-query";
import type { AppProps } from "next/app";
import { useState } from "react";
import { createQueryClient } from "~/utils/query-client";
import { createTRPCClient, trpc } from "~/utils/trpc";
import "~/styles/globals.css";

/** Pages using `getSessionProps` hand over what the server already fetched. */
interface PageProps {
  trpcState?: DehydratedState;
}

export default function App({ Component, pageProps }: AppProps<PageProps>) {
  const [queryClient] = useState(createQueryClient);
  const [trpcClient] = useState(createTRPCClient);
  return (
    <trpc.Provider client={trpcClient} queryClient={queryClient}>
      <QueryClientProvider client={queryClient}>
        <HydrationBoundary state={pageProps.trpcState}>
          <Component {...pageProps} />
        </HydrationBoundary>
      </QueryClientProvider>
    </trpc.Provider>
  );
}
