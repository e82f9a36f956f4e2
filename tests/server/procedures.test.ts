import { TRPCError } from "@trpc/server";
import { beforeAll, describe, expect, test } from "vitest";
import {
  adminProcedure,
  createCallerFactory,
  createTRPCRouter,
  protectedProcedure,
  publicProcedure,
} from "~/server/trpc";
import { type CallerKind, createTestKit } from "../support/callers";

/** One procedure of each kind, answering who the caller is. */
const probe = createTRPCRouter({
  public: publicProcedure.query(({ ctx }) => ctx.user?.role ?? "anon"),
  write: publicProcedure.mutation(() => "written"),
  protected: protectedProcedure.query(({ ctx }) => ctx.user.role),
  admin: adminProcedure.query(({ ctx }) => ctx.user.role),
});
const createProbeCaller = createCallerFactory(probe);

type ProbeQuery = "public" | "protected" | "admin";

const expected: Record<CallerKind, Record<ProbeQuery, string>> = {
  anon: { public: "anon", protected: "UNAUTHORIZED", admin: "UNAUTHORIZED" },
  user: { public: "user", protected: "user", admin: "FORBIDDEN" },
  admin: { public: "admin", protected: "admin", admin: "admin" },
};

let kit: Awaited<ReturnType<typeof createTestKit>>;
beforeAll(async () => {
  kit = await createTestKit();
});

describe.each(Object.entries(expected))("as %s", (kind, outcomes) => {
  test.each(Object.entries(outcomes))("a %s procedure answers %s", async (procedure, outcome) => {
    const { ctx } = await kit.callerFor(kind as CallerKind);
    const caller = createProbeCaller(ctx);

    const answer = await caller[procedure as keyof typeof outcomes]().catch((error: unknown) =>
      error instanceof TRPCError ? error.code : error,
    );

    expect(answer).toBe(outcome);
  });
});

describe("cross-site mutations", () => {
  test("a mutation from another site is FORBIDDEN", async () => {
    const { ctx } = await kit.callerFor("user");
    const caller = createProbeCaller({ ...ctx, sameSite: false });

    const error = await caller.write().catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(TRPCError);
    expect((error as TRPCError).code).toBe("FORBIDDEN");
  });

  test("a query from another site is answered (it changes nothing)", async () => {
    const { ctx } = await kit.callerFor("anon");

    expect(await createProbeCaller({ ...ctx, sameSite: false }).public()).toBe("anon");
  });

  test("a same-site mutation goes through", async () => {
    const { ctx } = await kit.callerFor("anon");

    expect(await createProbeCaller(ctx).write()).toBe("written");
  });
});
