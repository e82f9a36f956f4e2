import { type DehydratedState, HydrationBoundary, QueryClientProvider } from "@tanstack/react-query";
import type { AppProps } from "next/app";
import { useMemo, useState } from "react";
import superjson, { type SuperJSONResult } from "superjson";
import { createQueryClient } from "~/utils/query-client";
import { createTRPCClient, trpc } from "~/utils/trpc";
import "~/styles/globals.css";

/** Pages using `getSessionProps` hand over what the server already fetched, superjson-encoded. */
interface PageProps {
  trpcState?: SuperJSONResult;
}

export default function App({ Component, pageProps }: AppProps<PageProps>) {
  const [queryClient] = useState(createQueryClient);
  const [trpcClient] = useState(createTRPCClient);
  const { trpcState } = pageProps;
  const prefetched = useMemo(() => trpcState && superjson.deserialize<DehydratedState>(trpcState), [trpcState]);
  return (
    <trpc.Provider client={trpcClient} queryClient={queryClient}>
      <QueryClientProvider client={queryClient}>
        <HydrationBoundary state={prefetched}>
          <Component {...pageProps} />
        </HydrationBoundary>
      </QueryClientProvider>
    </trpc.Provider>
  );
}
