import { randomUUID } from "node:crypto";
import type { CreateNextContextOptions } from "@trpc/server/adapters/next";

interface CreateInnerContextOptions {
  requestId?: string;
}

/**
 * The context every procedure sees, built without Next's request/response so tests can
 * call `createCaller(createContextInner())` with nothing mocked.
 * @see https://trpc.io/docs/server/context#inner-and-outer-context
 */
export function createContextInner(opts: CreateInnerContextOptions = {}) {
  return {
    requestId: opts.requestId ?? randomUUID(),
  };
}

/** The context of an HTTP request: what only the request knows, on top of the inner context. */
export function createContext({ res }: CreateNextContextOptions) {
  const ctx = createContextInner();
  res.setHeader("x-request-id", ctx.requestId);
  return ctx;
}

export type Context = ReturnType<typeof createContextInner>;
