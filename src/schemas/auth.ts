import { z } from "zod";
import { username } from "./profile";
import { typedText } from "./text";

/** Inputs of the auth procedures, shared by the server and the forms. */
export const email = z.email("Enter a valid email address").max(255, "Use at most 255 characters").toLowerCase();

/** Mirrors `minimum_password_length` in supabase/config.toml, so the form says it before the server. */
export const password = typedText().min(8, "Use at least 8 characters").max(72, "Use at most 72 characters");

const currentPassword = typedText().min(1, "Enter your password").max(72, "Use at most 72 characters");

export const signUpInput = z.strictObject({ email, password, username });

export const signInInput = z.strictObject({ email, password: currentPassword });

export const passwordChangeInput = z.strictObject({ currentPassword, newPassword: password });
