import { z } from "zod";
import { username } from "./profile";

/** Inputs of the auth procedures, shared by the server and the forms. */
export const email = z.email("Enter a valid email address").max(255).toLowerCase();

/** Mirrors `minimum_password_length` in supabase/config.toml, so the form says it before the server. */
export const password = z.string().min(8, "Use at least 8 characters").max(72, "Use at most 72 characters");

export const signUpInput = z.object({ email, password, username });

export const signInInput = z.object({
  email,
  password: z.string().min(1, "Enter your password").max(72),
});
