import type { PostgrestError } from "@supabase/supabase-js";
import { TRPCError } from "@trpc/server";
import type { TRPC_ERROR_CODE_KEY } from "@trpc/server/rpc";
import { roleChangeInput, userListInput } from "~/schemas/user";
import { databaseError } from "../errors";
import { toPage } from "../pagination";
import { adminProcedure, createTRPCRouter } from "../trpc";

/** set_user_role's refusals, each in the words it raised them with. */
const roleChangeRefusals: Record<string, TRPC_ERROR_CODE_KEY> = {
  "42501": "FORBIDDEN",
  P0002: "NOT_FOUND",
  "55000": "PRECONDITION_FAILED",
};

function roleChangeError(error: PostgrestError) {
  const code = roleChangeRefusals[error.code];
  return code ? new TRPCError({ code, message: error.message, cause: error }) : databaseError(error);
}

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
    if (error) throw roleChangeError(error);
    return { id: input.userId, role: input.role };
  }),
});
