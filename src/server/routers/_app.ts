import { createCallerFactory, createTRPCRouter } from "../trpc";
import { healthRouter } from "./health";

/** The API: one namespace per resource. @see https://trpc.io/docs/server/merging-routers */
export const appRouter = createTRPCRouter({
  health: healthRouter,
});

export type AppRouter = typeof appRouter;

/** For tests and server-side code: `createCaller(createContextInner())`. */
export const createCaller = createCallerFactory(appRouter);
