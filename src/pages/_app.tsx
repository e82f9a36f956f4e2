import { QueryClientProvider } from "@tanstack/react-query";
import type { AppProps } from "next/app";
import { useState } from "react";
import { createQueryClient } from "~/utils/query-client";
import { createTRPCClient, trpc } from "~/utils/trpc";
import "~/styles/globals.css";

export default function App({ Component, pageProps }: AppProps) {
  const [queryClient] = useState(createQueryClient);
  const [trpcClient] = useState(createTRPCClient);
  return (
    <trpc.Provider client={trpcClient} queryClient={queryClient}>
      <QueryClientProvider client={queryClient}>
        <Component {...pageProps} />
      </QueryClientProvider>
    </trpc.Provider>
  );
}
