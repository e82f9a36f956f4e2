import { isAuthSessionMissingError } from "@supabase/supabase-js";
import { TRPCError } from "@trpc/server";
import { passwordChangeInput, signInInput, signUpInput } from "~/schemas/auth";
import { ownProfile } from "../auth/own-profile";
import { authError, databaseError, fieldError } from "../errors";
import type { TypedSupabaseClient } from "../supabase/clients";
import { createTRPCRouter, protectedProcedure, publicProcedure, rateLimit, rateLimitedProcedure } from "../trpc";

const usernameTaken = () => fieldError("CONFLICT", "username", "This username is taken");

export const authRouter = createTRPCRouter({
  // Password guessing and account spraying are slowed per client IP, on every instance alike.
  signUp: rateLimitedProcedure({ name: "auth.signUp", maxHits: 10, windowSeconds: 3600 })
    .input(signUpInput)
    .mutation(async ({ ctx, input }) => {
      if (await isUsernameTaken(ctx.supabase, input.username)) throw usernameTaken();
      const { data, error } = await ctx.supabase.auth.signUp({
        email: input.email,
        password: input.password,
        // The profiles trigger on auth.users reads these to create the profile.
        options: { data: { username: input.username } },
      });
      if (error) {
        // Two sign-ups racing for one username: the trigger's unique violation fails the
        // second one as a generic GoTrue database error, so look again before calling it a fault.
        if (await isUsernameTaken(ctx.supabase, input.username)) throw usernameTaken();
        throw authError(error);
      }
      if (!data.session) return { needsEmailConfirmation: true as const };
      ctx.session.start({ accessToken: data.session.access_token, refreshToken: data.session.refresh_token });
      return { needsEmailConfirmation: false as const };
    }),

  signIn: rateLimitedProcedure({ name: "auth.signIn", maxHits: 10, windowSeconds: 300 })
    .input(signInInput)
    .mutation(async ({ ctx, input }) => {
      const { data, error } = await ctx.supabase.auth.signInWithPassword(input);
      if (error) throw authError(error);
      ctx.session.start({ accessToken: data.session.access_token, refreshToken: data.session.refresh_token });
      return { userId: data.user.id };
    }),

  // Idempotent: a caller whose session is already revoked (or who never had one) is signed out too.
  signOut: publicProcedure.mutation(async ({ ctx }) => {
    // Revokes the session server-side too: its refresh token and access tokens stop working.
    // The cookies go either way: this browser is signed out even if revocation failed.
    ctx.session.end();
    if (ctx.accessToken) {
      const { error } = await ctx.supabase.auth.admin.signOut(ctx.accessToken, "local");
      // Revoked meanwhile (a sign-out racing this one): the goal is reached.
      if (error && !isAuthSessionMissingError(error)) throw authError(error);
    }
    return { signedOut: true };
  }),

  /** Ends every session of the caller, on every device: their refresh tokens stop working. */
  signOutEverywhere: protectedProcedure.mutation(async ({ ctx }) => {
    ctx.session.end();
    if (ctx.accessToken) {
      const { error } = await ctx.supabase.auth.admin.signOut(ctx.accessToken, "global");
      if (error) throw authError(error);
    }
    return { signedOut: true };
  }),

  // Checking the current password is a password guess too: limited like sign-in.
  changePassword: protectedProcedure
    .use(rateLimit({ name: "auth.changePassword", maxHits: 10, windowSeconds: 300 }))
    .input(passwordChangeInput)
    .mutation(async ({ ctx, input }) => {
      if (!ctx.user.email) {
        throw new TRPCError({ code: "PRECONDITION_FAILED", message: "This account has no password to change" });
      }
      const { data: check, error: checkError } = await ctx.supabase.auth.signInWithPassword({
        email: ctx.user.email,
        password: input.currentPassword,
      });
      if (checkError?.code === "invalid_credentials") {
        throw fieldError("BAD_REQUEST", "currentPassword", "This is not your current password");
      }
      if (checkError) throw authError(checkError);
      // The check opened a session of its own; close it so it does not linger on the account.
      await ctx.supabase.auth.admin.signOut(check.session.access_token, "local");

      const { error } = await ctx.serviceRole().auth.admin.updateUserById(ctx.user.id, { password: input.newPassword });
      if (error?.code === "weak_password") throw fieldError("BAD_REQUEST", "newPassword", error.message);
      if (error) throw authError(error);
      // Whoever knew the old password is signed out; this browser stays signed in.
      if (ctx.accessToken) await ctx.supabase.auth.admin.signOut(ctx.accessToken, "others");
      return { changed: true };
    }),

  me: publicProcedure.query(async ({ ctx }) => {
    if (!ctx.user) return null;
    const { id } = ctx.user;
    const profile = await ownProfile(ctx.project, id, ctx.accessToken ?? "", async () => {
      const { data, error } = await ctx.supabase
        .from("profiles")
        .select("username, display_name")
        .eq("id", id)
        .maybeSingle();
      if (error) throw databaseError(error);
      return data;
    });
    return { ...ctx.user, profile };
  }),
});

async function isUsernameTaken(supabase: TypedSupabaseClient, username: string) {
  const { data, error } = await supabase.from("profiles").select("id").eq("username", username).maybeSingle();
  if (error) throw databaseError(error);
  return data !== null;
}
