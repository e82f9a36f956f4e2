import { QueryClient } from "@tanstack/react-query";
import { TRPCClientError } from "@trpc/client";

declare module "@tanstack/react-query" {
  interface Register {
    /** `optimistic`: set by useOptimisticList, read by UnsavedChangesGuard. */
    mutationMeta: { optimistic?: boolean };
  }
}

const MAX_RETRIES = 2;

/** A 4xx says the request itself is wrong (bad input, signed out): asking again cannot help. */
function isClientError(error: unknown) {
  if (!(error instanceof TRPCClientError)) return false;
  const status: unknown = error.data?.httpStatus;
  return typeof status === "number" && status >= 400 && status < 500;
}

export function createQueryClient() {
  return new QueryClient({
    defaultOptions: {
      queries: {
        staleTime: 30_000,
        refetchOnWindowFocus: false,
        retry: (failureCount, error) => !isClientError(error) && failureCount < MAX_RETRIES,
      },
    },
  });
}
