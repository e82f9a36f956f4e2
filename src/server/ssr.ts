import { createServerSideHelpers } from "@trpc/react-query/server";
import type { GetServerSideProps, GetServerSidePropsContext } from "next";
import superjson from "superjson";
import { safeNextPath } from "~/utils/safe-next";
import { createContext } from "./context";
import { changeFeedFor } from "./live/change-feed";
import { appRouter } from "./routers/_app";

/** Who may open a page; everyone else is sent where they can go on. */
type Audience = "anyone" | "signedIn" | "admins" | "signedOut";

type Helpers = ReturnType<typeof createServerSideHelpers<typeof appRouter>>;

/**
 * getServerSideProps for every page: prefetches `auth.me` (refreshing the session cookies
 * if needed) and what the page shows, so the first paint has its data and the browser makes
 * no /api/trpc request for it; and redirects from pages the caller may not see.
 * @see https://trpc.io/docs/client/nextjs/server-side-helpers
 */
export function pageData(
  audience: Audience,
  prefetch?: (trpc: Helpers, context: GetServerSidePropsContext) => Promise<unknown>,
): GetServerSideProps {
  return async (context) => {
    const ctx = await createContext({ req: context.req, res: context.res });
    const helpers = createServerSideHelpers({ router: appRouter, ctx, transformer: superjson });
    // Read before the page's data, so live updates start no later than what the page shows.
    const [liveCursor, me] = await Promise.all([
      changeFeedFor(ctx.project, ctx.live.pollMs)
        .head()
        .catch(() => null),
      // A failed read (database down) is not "signed out": render, and let the page show the error.
      helpers.auth.me.fetch().catch(() => undefined),
    ]);
    if (me === undefined) return { props: { trpcState: helpers.dehydrate(), liveCursor } };
    if (!me && (audience === "signedIn" || audience === "admins")) {
      return { redirect: { destination: `/login?next=${encodeURIComponent(context.resolvedUrl)}`, permanent: false } };
    }
    // A page that exists only for admins does not exist for anyone else.
    if (me && audience === "admins" && me.role !== "admin") return { notFound: true };
    if (me && audience === "signedOut") {
      return { redirect: { destination: safeNextPath(context.query.next), permanent: false } };
    }
    // The header's inbox badge is on every page an admin opens.
    await Promise.all([prefetch?.(helpers, context), me?.role === "admin" && helpers.contact.unreadCount.prefetch()]);
    return { props: { trpcState: helpers.dehydrate(), liveCursor } };
  };
}
