import { roleChangeInput, userListInput } from "~/schemas/user";
import { databaseError } from "../errors";
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
   * One transaction (set_user_role) checks that the caller is still an admin (a demoted admin's
   * token says admin until it is refreshed) and that the last admin stays one, then writes the
   * role, which reaches the user's access token at its next refresh (within jwt_expiry).
   */
  setRole: adminProcedure.input(roleChangeInput).mutation(async ({ ctx, input }) => {
    const { error } = await ctx.serviceRole().rpc("set_user_role", {
      acting_admin: ctx.user.id,
      target_user: input.userId,
      new_role: input.role,
    });
    if (error) throw databaseError(error);
    return { id: input.userId, role: input.role };
  }),
});
