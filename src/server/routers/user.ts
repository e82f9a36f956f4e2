import { TRPCError } from "@trpc/server";
import { roleChangeInput, userListInput } from "~/schemas/user";
import { authError, databaseError } from "../errors";
import { toPage } from "../pagination";
import { adminProcedure, createTRPCRouter } from "../trpc";

/** The admin pages' view of accounts. Each procedure is a named service-role task. */
export const userRouter = createTRPCRouter({
  list: adminProcedure.input(userListInput).query(async ({ ctx, input }) => {
    const { data, error } = await ctx.serviceRole().rpc("users_page", {
      page_size: input.limit + 1,
      after_created_at: input.cursor?.createdAt,
      after_id: input.cursor ? String(input.cursor.id) : undefined,
    });
    if (error) throw databaseError(error);
    return toPage(data, input.limit);
  }),

  /**
   * IMPORTANT: the role lives in app_metadata, which only the Auth admin API can write; the
   * new role reaches the user's access token at its next refresh (within jwt_expiry).
   */
  setRole: adminProcedure.input(roleChangeInput).mutation(async ({ ctx, input }) => {
    const admin = ctx.serviceRole();
    // A demoted admin's token still says admin until it is refreshed: ask Auth, not the token.
    const { data: caller, error: callerError } = await admin.auth.admin.getUserById(ctx.user.id);
    if (callerError) throw authError(callerError);
    if (caller.user.app_metadata.role !== "admin") {
      throw new TRPCError({ code: "FORBIDDEN", message: "Only admins can do this" });
    }
    if (input.role !== "admin") {
      const { data: admins, error } = await admin.rpc("admin_count");
      if (error) throw databaseError(error);
      const { data: target } = await admin.auth.admin.getUserById(input.userId);
      if (admins <= 1 && target?.user?.app_metadata.role === "admin") {
        throw new TRPCError({
          code: "PRECONDITION_FAILED",
          message: "Promote another admin first: this is the last one",
        });
      }
    }
    const { data, error } = await admin.auth.admin.updateUserById(input.userId, { app_metadata: { role: input.role } });
    if (error?.status === 404) throw new TRPCError({ code: "NOT_FOUND", message: "This user does not exist" });
    if (error) throw authError(error);
    return { id: data.user.id, role: input.role };
  }),
});
