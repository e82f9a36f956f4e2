import { TRPCError } from "@trpc/server";
import { z } from "zod";
import { profileUpdateInput, username } from "~/schemas/profile";
import { forgetOwnProfile } from "../auth/own-profile";
import { databaseError, fieldError } from "../errors";
import { createTRPCRouter, protectedProcedure, publicProcedure } from "../trpc";

const publicColumns = "username, display_name, created_at";

export const profileRouter = createTRPCRouter({
  get: publicProcedure.input(z.object({ username })).query(async ({ ctx, input }) => {
    const { data, error } = await ctx.supabase
      .from("profiles")
      .select(publicColumns)
      .eq("username", input.username)
      .maybeSingle();
    if (error) throw databaseError(error);
    if (!data) throw new TRPCError({ code: "NOT_FOUND", message: `No profile named ${input.username}` });
    return data;
  }),

  update: protectedProcedure.input(profileUpdateInput).mutation(async ({ ctx, input }) => {
    // Row Level Security limits the update to the caller's own row; the filter names it.
    const { data, error } = await ctx.supabase
      .from("profiles")
      .update({ username: input.username, display_name: input.displayName })
      .eq("id", ctx.user.id)
      .select(publicColumns)
      .single();
    if (error?.code === "23505") throw fieldError("CONFLICT", "username", "This username is taken");
    if (error) throw databaseError(error);
    forgetOwnProfile(ctx.project, ctx.user.id);
    return data;
  }),
});
