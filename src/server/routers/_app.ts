import { createCallerFactory, createTRPCRouter } from "../trpc";
import { authRouter } from "./auth";
import { healthRouter } from "./health";
import { profileRouter } from "./profile";

/** The API: one namespace per resource. @see https://trpc.io/docs/server/merging-routers */
export const appRouter = createTRPCRouter({
  auth: authRouter,
  health: healthRouter,
  profile: profileRouter,
});

export type AppRouter = typeof appRouter;

/** For tests and server-side code: `createCaller(createContextInner())`. */
export const createCaller = createCallerFactory(appRouter);
