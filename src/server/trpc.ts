/**
 * The tRPC server, read top to bottom:
 * 1. initialization (transformer, error formatter)
 * 2. router and procedure helpers
 * The context lives in `./context.ts`.
 * @see https://trpc.io/docs/server/routers
 */
import { initTRPC, TRPCError } from "@trpc/server";
import superjson from "superjson";
import type { Context } from "./context";
import { inputErrorsOf, isMalformedRequest, requestIdOf } from "./errors";
import { enforceRateLimit, type RateLimit } from "./rate-limit";

/**
 * 1. INITIALIZATION
 *
 * IMPORTANT: tRPC passes the message of any unexpected throw to the client. In production
 * the formatter replaces it with a generic one (the request id lets support find the log
 * line), so database messages, file paths and stacks never reach the browser.
 */
const isDev = process.env.NODE_ENV !== "production";

const t = initTRPC.context<Context>().create({
  transformer: superjson,
  isDev,
  /**
   * Subscriptions (Server-Sent Events): a ping keeps proxies from closing a quiet stream, and
   * the browser reconnects when pings stop. Each stream ends after 5 minutes and reconnects at
   * once from its last event, so every stream is re-authenticated (and its cookies refreshed)
   * at least that often. @see https://trpc.io/docs/server/subscriptions#configuring-sse
   */
  sse: {
    ping: { enabled: true, intervalMs: 10_000 },
    client: { reconnectAfterInactivityMs: 25_000 },
    maxDurationMs: 5 * 60_000,
  },
  errorFormatter({ shape, error, ctx }) {
    // Field details are for the caller's own mistakes (4xx), never for a server fault.
    const inputErrors = shape.data.httpStatus < 500 ? inputErrorsOf(error.cause) : null;
    // zod's own message is its issues as JSON; the issues travel in `zodError` already.
    const message =
      !isDev && error.code === "INTERNAL_SERVER_ERROR"
        ? "Something went wrong on our side. Please try again."
        : inputErrors && error.code === "BAD_REQUEST"
          ? "Some fields need attention"
          : !inputErrors && isMalformedRequest(error)
            ? "Malformed request"
            : shape.message;
    return {
      ...shape,
      message,
      data: { ...shape.data, requestId: ctx?.requestId ?? requestIdOf(error), zodError: inputErrors },
    };
  },
});

/** 2. ROUTERS AND PROCEDURES */
export const createTRPCRouter = t.router;
export const createCallerFactory = t.createCallerFactory;

/**
 * Every procedure refuses mutations from another site (CSRF): SameSite=Lax cookies already
 * stay home on cross-site POSTs, and this holds even for a browser that ignores SameSite.
 */
const sameSiteMutations = t.middleware(({ ctx, type, next }) => {
  if (type === "mutation" && !ctx.sameSite) {
    throw new TRPCError({ code: "FORBIDDEN", message: "Cross-site requests are not allowed" });
  }
  return next();
});

/** A procedure anyone may call, signed in or not. */
export const publicProcedure = t.procedure.use(sameSiteMutations);

/** Lets a caller (their network, and their user once signed in) through `maxHits` times per window. */
export const rateLimit = (limit: RateLimit) =>
  t.middleware(async ({ ctx, next }) => {
    await enforceRateLimit(ctx, limit);
    return next();
  });

/** A public procedure with a rate limit, e.g. sign-in. */
export const rateLimitedProcedure = (limit: RateLimit) => publicProcedure.use(rateLimit(limit));

/**
 * A procedure for signed-in callers only; `ctx.user` is non-null inside.
 * IMPORTANT: authorization is decided here and by Row Level Security, never only in Next
 * middleware, which a crafted header could skip (CVE-2025-29927).
 */
export const protectedProcedure = publicProcedure.use(({ ctx, next }) => {
  if (!ctx.user) throw new TRPCError({ code: "UNAUTHORIZED", message: "Sign in to do this" });
  return next({ ctx: { user: ctx.user } });
});

/** A procedure for admins (`app_metadata.role = admin`, which only the service role sets). */
export const adminProcedure = protectedProcedure.use(({ ctx, next }) => {
  if (ctx.user.role !== "admin") throw new TRPCError({ code: "FORBIDDEN", message: "Only admins can do this" });
  return next();
});
