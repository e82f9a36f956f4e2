/**
 * The tRPC server, read top to bottom:
 * 1. initialization (transformer, error formatter)
 * 2. router and procedure helpers
 * The context lives in `./context.ts`.
 * @see https://trpc.io/docs/server/routers
 */
import { initTRPC } from "@trpc/server";
import superjson from "superjson";
import { ZodError, z } from "zod";
import type { Context } from "./context";
import { env } from "./env";

/**
 * 1. INITIALIZATION
 *
 * IMPORTANT: tRPC passes the message of any unexpected throw to the client. In production
 * the formatter replaces it with a generic one (the request id lets support find the log
 * line), so database messages, file paths and stacks never reach the browser.
 */
const isDev = env.NODE_ENV !== "production";

const t = initTRPC.context<Context>().create({
  transformer: superjson,
  isDev,
  errorFormatter({ shape, error, ctx }) {
    const hideMessage = !isDev && error.code === "INTERNAL_SERVER_ERROR";
    return {
      ...shape,
      message: hideMessage ? "Something went wrong on our side. Please try again." : shape.message,
      data: {
        ...shape.data,
        requestId: ctx?.requestId ?? null,
        zodError: error.cause instanceof ZodError ? z.flattenError(error.cause) : null,
      },
    };
  },
});

/** 2. ROUTERS AND PROCEDURES */
export const createTRPCRouter = t.router;
export const createCallerFactory = t.createCallerFactory;

/** A procedure anyone may call, signed in or not. */
export const publicProcedure = t.procedure;
