import { createCallerFactory, createTRPCRouter } from "../trpc";
import { assistantRouter } from "./assistant";
import { authRouter } from "./auth";
import { contactRouter } from "./contact";
import { healthRouter } from "./health";
import { itemRouter } from "./item";
import { profileRouter } from "./profile";
import { todoRouter } from "./todo";
import { userRouter } from "./user";

/** The API: one namespace per resource. @see https://trpc.io/docs/server/merging-routers */
export const appRouter = createTRPCRouter({
  assistant: assistantRouter,
  auth: authRouter,
  contact: contactRouter,
  health: healthRouter,
  item: itemRouter,
  profile: profileRouter,
  todo: todoRouter,
  user: userRouter,
});

export type AppRouter = typeof appRouter;

/** For tests and server-side code: `createCaller(createContextInner())`. */
export const createCaller = createCallerFactory(appRouter);
