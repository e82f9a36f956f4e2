/**
 * Stands in for GoTrue's POST /token (internal/api/token.go): the `password` grant (e-mail
 * only) and the `refresh_token` grant. Unknown e-mails get the same answer as wrong passwords,
 * after a bcrypt compare of the same cost, so neither the answer nor its timing tells which
 * e-mails are registered.
 * Not supported: phone logins, the pkce / id_token / web3 grants (refused by name), the
 * password-verification hook.
 */
import type { ApiRequest, LocalStack } from "../local-stack.ts";
import { AuthHttpError, badRequest, notSupported, OAuthError, unprocessable } from "./errors.ts";
import { verifyPassword } from "./passwords.ts";
import { readParams } from "./request.ts";
import { type AccessTokenResponse, issueSession, refreshSession } from "./sessions.ts";
import { DEFAULT_AUDIENCE } from "./signup.ts";
import { checkPasswordStrength, findUserByEmail, passwordMatches } from "./users.ts";

const INVALID_LOGIN = "Invalid login credentials";

export async function tokenGrant(request: ApiRequest, stack: LocalStack): Promise<AccessTokenResponse> {
  const grantType = new URL(request.url).searchParams.get("grant_type");
  if (grantType === "password") return passwordGrant(request, stack);
  if (grantType === "refresh_token") {
    const params = await readParams(request, "RefreshTokenGrantParams", { refresh_token: "string" });
    return refreshSession(stack, params.refresh_token ?? "", request);
  }
  if (grantType && ["pkce", "id_token", "web3"].includes(grantType)) {
    throw notSupported(`The ${grantType} grant (POST /token?grant_type=${grantType})`);
  }
  throw new OAuthError("unsupported_grant_type", "");
}

async function passwordGrant(request: ApiRequest, stack: LocalStack): Promise<AccessTokenResponse> {
  const params = await readParams(request, "PasswordGrantParams", {
    email: "string",
    phone: "string",
    password: "string",
  });
  if (params.email && params.phone) {
    throw badRequest("validation_failed", "Only an email address or phone number should be provided on login.");
  }
  if (params.phone) throw unprocessable("phone_provider_disabled", "Phone logins are disabled");
  if (!params.email) throw badRequest("validation_failed", "missing email or phone");

  const password = params.password ?? "";
  const user = await findUserByEmail(stack.db, params.email, DEFAULT_AUDIENCE);
  if (!user?.has_password) {
    // As long as a wrong password takes, so the answer's timing does not tell the e-mail is unknown.
    await stack.offDatabase(() => verifyPassword(password, null, stack.passwordHashCost));
    throw badRequest("invalid_credentials", INVALID_LOGIN);
  }
  if (user.is_banned) throw badRequest("user_banned", "User is banned");
  if (!(await passwordMatches(stack, user.id, password))) throw badRequest("invalid_credentials", INVALID_LOGIN);
  if (!user.email_confirmed_at) throw badRequest("email_not_confirmed", "Email not confirmed");

  const response = await stack.db.transaction((tx) => issueSession(stack, tx, user.id, request));
  const weakness = passwordWeakness(password, stack.settings.auth.minimum_password_length);
  return weakness ? { ...response, weak_password: weakness } : response;
}

/** Sign-in still succeeds with a password that no longer meets the rules; GoTrue says so. */
function passwordWeakness(password: string, minimumLength: number) {
  try {
    checkPasswordStrength(password, minimumLength);
    return undefined;
  } catch (error) {
    if (!(error instanceof AuthHttpError) || error.code !== "weak_password") return undefined;
    const { reasons } = error.extra.weak_password as { reasons: string[] };
    return { message: error.message, reasons };
  }
}
