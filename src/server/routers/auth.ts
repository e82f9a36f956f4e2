import { signInInput, signUpInput } from "~/schemas/auth";
import { authError, databaseError, fieldError } from "../errors";
import type { TypedSupabaseClient } from "../supabase/clients";
import { createTRPCRouter, protectedProcedure, publicProcedure, rateLimitedProcedure } from "../trpc";

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

  signOut: protectedProcedure.mutation(async ({ ctx }) => {
    // Revokes the refresh tokens server-side too: a stolen cookie stops working.
    // The cookies go either way: this browser is signed out even if revocation failed.
    ctx.session.end();
    if (ctx.accessToken) {
      const { error } = await ctx.supabase.auth.admin.signOut(ctx.accessToken, "local");
      if (error) throw authError(error);
    }
    return { signedOut: true };
  }),

  me: publicProcedure.query(async ({ ctx }) => {
    if (!ctx.user) return null;
    const { data: profile, error } = await ctx.supabase
      .from("profiles")
      .select("username, display_name")
      .eq("id", ctx.user.id)
      .maybeSingle();
    if (error) throw databaseError(error);
    return { ...ctx.user, profile };
  }),
});

async function isUsernameTaken(supabase: TypedSupabaseClient, username: string) {
  const { data, error } = await supabase.from("profiles").select("id").eq("username", username).maybeSingle();
  if (error) throw databaseError(error);
  return data !== null;
}
