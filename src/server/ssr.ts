import { createServerSideHelpers } from "@trpc/react-query/server";
import type { GetServerSidePropsContext } from "next";
import superjson from "superjson";
import { createContext } from "./context";
import { appRouter } from "./routers/_app";

/**
 * getServerSideProps for pages with the header: prefetches `auth.me` on the server (refreshing
 * the session cookies if needed) so a reload never flashes "signed out".
 * @see https://trpc.io/docs/client/nextjs/server-side-helpers
 */
export async function getSessionProps({ req, res }: GetServerSidePropsContext) {
  const helpers = createServerSideHelpers({
    router: appRouter,
    ctx: await createContext({ req, res }),
    transformer: superjson,
  });
  await helpers.auth.me.prefetch();
  return { props: { trpcState: helpers.dehydrate() } };
}
