import { createNextApiHandler } from "@trpc/server/adapters/next";
import { createContext } from "~/server/context";
import { appRouter } from "~/server/routers/_app";

/** The one HTTP entry of the API. @see https://trpc.io/docs/server/adapters/nextjs */
export default createNextApiHandler({
  router: appRouter,
  createContext,
  onError({ error, path, ctx }) {
    // Client mistakes (4xx) are answered, not logged; server faults are logged once, with
    // the request id the client also received, so a user's report finds its log line.
    if (error.code === "INTERNAL_SERVER_ERROR") {
      console.error(
        `[trpc] ${path ?? "<no path>"} failed (request ${ctx?.requestId ?? "unknown"}):`,
        error.cause ?? error,
      );
    }
  },
});
