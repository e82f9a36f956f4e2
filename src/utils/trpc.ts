import { httpBatchLink, httpBatchStreamLink, httpSubscriptionLink, loggerLink, splitLink } from "@trpc/client";
import { createTRPCReact } from "@trpc/react-query";
import type { inferRouterInputs, inferRouterOutputs } from "@trpc/server";
import superjson from "superjson";
import type { AppRouter } from "~/server/routers/_app";

/** Typed react-query hooks for every procedure: `trpc.health.check.useQuery()`. */
export const trpc = createTRPCReact<AppRouter>();

/** `RouterInputs["health"]["check"]`: the input type of a procedure, for forms and props. */
export type RouterInputs = inferRouterInputs<AppRouter>;
export type RouterOutputs = inferRouterOutputs<AppRouter>;

const url = "/api/trpc";
/** The server refuses longer batches (TRPC_MAX_BATCH_SIZE, 20 by default); split before that. */
const maxItems = 20;

export function createTRPCClient() {
  return trpc.createClient({
    links: [
      loggerLink({
        enabled: (op) =>
          process.env.NODE_ENV === "development" || (op.direction === "down" && op.result instanceof Error),
      }),
      // IMPORTANT: a streamed response sends its headers before the procedure runs, so it
      // cannot set cookies. Queries stream; mutations (sign-in sets cookies) are batched whole.
      // @see https://trpc.io/docs/client/links/httpBatchStreamLink
      // Subscriptions are Server-Sent Events (an EventSource sends the session cookie); a
      // reconnect carries the last `tracked()` id, so the server resumes where it left off.
      // @see https://trpc.io/docs/client/links/httpSubscriptionLink
      splitLink({
        condition: (op) => op.type === "subscription",
        true: httpSubscriptionLink({ url, transformer: superjson }),
        false: splitLink({
          condition: (op) => op.type === "query",
          true: httpBatchStreamLink({ url, transformer: superjson, maxItems }),
          false: httpBatchLink({ url, transformer: superjson, maxItems }),
        }),
      }),
    ],
  });
}
