/**
 * Stands in for GoTrue's POST /signup (internal/api/signup.go) for e-mail sign-ups: the user
 * row is inserted in one transaction with its confirmation and first session, so a failing
 * trigger on auth.users (e.g. a profile insert) fails the sign-up with GoTrue's 500
 * "Database error saving new user" and leaves nothing behind.
 * Not supported: phone and anonymous sign-ups, PKCE, sending the confirmation e-mail.
 */
import type { ApiRequest, LocalStack } from "../local-stack.ts";
import { badRequest, internalError, logFailure, notSupported, unprocessable } from "./errors.ts";
import { hashPassword } from "./passwords.ts";
import { type JsonObject, readParams } from "./request.ts";
import { issueSession } from "./sessions.ts";
import {
  checkPasswordStrength,
  findUserByEmail,
  findUserById,
  mergeMetadata,
  toUserJson,
  validateEmail,
} from "./users.ts";

export const DEFAULT_AUDIENCE = "authenticated";

export async function signUp(request: ApiRequest, stack: LocalStack): Promise<JsonObject> {
  const settings = stack.settings.auth;
  const params = await readParams(request, "SignupParams", {
    email: "string",
    phone: "string",
    password: "string",
    data: "object",
  });
  if (!params.email && !params.phone) {
    // GoTrue routes a sign-up without e-mail or phone to anonymous sign-in.
    if (settings.enable_anonymous_sign_ins) throw notSupported("Anonymous sign-in");
    throw unprocessable("anonymous_provider_disabled", "Anonymous sign-ins are disabled");
  }
  if (!settings.enable_signup) throw unprocessable("signup_disabled", "Signups not allowed for this instance");
  if (!params.password) throw badRequest("validation_failed", "Signup requires a valid password");
  checkPasswordStrength(params.password, settings.minimum_password_length);
  if (params.email && params.phone) {
    throw badRequest("validation_failed", "Only an email address or phone number should be provided on signup.");
  }
  if (!params.email) throw badRequest("phone_provider_disabled", "Phone signups are disabled");
  const email = validateEmail(params.email);
  const data = params.data ?? {};
  const autoconfirm = !settings.email.enable_confirmations;

  const existing = await findUserByEmail(stack.db, email, DEFAULT_AUDIENCE);
  if (existing) {
    if (autoconfirm) throw unprocessable("user_already_exists", "User already registered");
    // With confirmations on GoTrue answers as if signing up, so e-mails cannot be probed.
    return obfuscatedUser(email, data);
  }

  const password = params.password;
  const hash = await stack.offDatabase(() => hashPassword(password, stack.passwordHashCost));
  return stack.db.transaction(async (tx) => {
    const userId = crypto.randomUUID();
    try {
      await tx.query(
        `insert into auth.users (instance_id, id, aud, role, email, encrypted_password, raw_app_meta_data,
                                 raw_user_meta_data, created_at, updated_at, confirmation_token, recovery_token,
                                 email_change_token_new, email_change, is_sso_user, is_anonymous)
         values ('00000000-0000-0000-0000-000000000000', $1, $2, 'authenticated', $3, $4,
                 '{"provider": "email", "providers": ["email"]}', $5, now(), now(), '', '', '', '', false, false)`,
        [userId, DEFAULT_AUDIENCE, email, hash, data],
      );
    } catch (error) {
      logFailure("sign-up insert failed", error);
      throw internalError("Database error saving new user");
    }
    // An unconfirmed user's metadata becomes its e-mail identity's data (user.RemoveUnconfirmedIdentities).
    const identityData = { sub: userId, email, email_verified: autoconfirm, phone_verified: false };
    await tx.query(
      `update auth.users set raw_user_meta_data = $2,
              email_confirmed_at = case when $3 then now() end,
              confirmation_sent_at = case when $3 then null else now() end
        where id = $1`,
      [userId, mergeMetadata(data, identityData), autoconfirm],
    );
    if (autoconfirm) return { ...(await issueSession(stack, tx, userId, request)) };
    const user = await findUserById(tx, userId);
    if (!user) throw internalError("Database error loading user after sign-up");
    return toUserJson(user);
  });
}

function obfuscatedUser(email: string, data: JsonObject): JsonObject {
  const now = new Date().toISOString();
  return {
    id: crypto.randomUUID(),
    aud: DEFAULT_AUDIENCE,
    role: "",
    email,
    phone: "",
    confirmation_sent_at: now,
    app_metadata: { provider: "email", providers: ["email"] },
    user_metadata: data,
    identities: [],
    created_at: now,
    updated_at: now,
    is_anonymous: false,
  };
}
