/**
 * Stands in for GoTrue's endpoints for the signed-in user (internal/api/user.go, logout.go):
 * GET /user, PUT /user and POST /logout. A user may change their e-mail (recorded as a pending
 * change, as GoTrue does while it waits for the confirmation link), password and
 * user_metadata, never their app_metadata.
 * Not supported: phone changes, reauthentication nonces, MFA (AAL2) requirements, e-mails.
 */
import type { ApiRequest, LocalStack } from "../local-stack.ts";
import { requireUser } from "./authorization.ts";
import { badRequest, forbidden, internalError, unprocessable } from "./errors.ts";
import { hashPassword } from "./passwords.ts";
import { type JsonObject, readParams } from "./request.ts";
import { type LogoutScope, logout } from "./sessions.ts";
import {
  checkPasswordStrength,
  findUserByEmail,
  findUserById,
  mergeMetadata,
  passwordMatches,
  toUserJson,
  validateEmail,
} from "./users.ts";

const LOGOUT_SCOPES: readonly string[] = ["global", "local", "others"] satisfies LogoutScope[];
/** GoTrue's default GOTRUE_JWT_ADMIN_GROUP_NAME: users with this role may edit app_metadata. */
const ADMIN_GROUP = "admin";

export async function getUser(request: ApiRequest, stack: LocalStack): Promise<JsonObject> {
  const { user } = await requireUser(request, stack);
  return toUserJson(user);
}

export async function updateUser(request: ApiRequest, stack: LocalStack): Promise<JsonObject> {
  const { user, sessionId } = await requireUser(request, stack);
  const params = await readParams(request, "UserUpdateParams", {
    email: "string",
    password: "string",
    nonce: "string",
    data: "object",
    app_metadata: "object",
    phone: "string",
  });
  const email = params.email ? validateEmail(params.email) : undefined;
  if (params.phone) throw unprocessable("phone_provider_disabled", "Phone logins are disabled");
  if (params.password !== undefined)
    checkPasswordStrength(params.password, stack.settings.auth.minimum_password_length);
  if (params.app_metadata && !(user.role === ADMIN_GROUP && user.aud === "authenticated")) {
    throw forbidden("not_admin", "Updating app_metadata requires admin privileges");
  }
  const emailChanges = email !== undefined && email !== user.email;
  if (emailChanges) {
    const owner = await findUserByEmail(stack.db, email, user.aud ?? "");
    if (owner && owner.id !== user.id) {
      throw unprocessable("email_exists", "A user with this email address has already been registered");
    }
  }
  const newPassword = params.password;
  if (newPassword && (await passwordMatches(stack, user.id, newPassword))) {
    throw unprocessable("same_password", "New password should be different from the old password.");
  }
  const hash = newPassword ? await stack.offDatabase(() => hashPassword(newPassword, stack.passwordHashCost)) : "";

  await stack.db.transaction(async (tx) => {
    if (params.password !== undefined) {
      await tx.query(
        `update auth.users set encrypted_password = $2,
                confirmation_token = '', confirmation_sent_at = null, recovery_token = '', recovery_sent_at = null,
                email_change_token_current = '', email_change_token_new = '', email_change_sent_at = null,
                updated_at = now()
          where id = $1`,
        [user.id, hash],
      );
      // A new password ends every other session, as GoTrue's UpdatePassword does.
      await logout(tx, user.id, sessionId, sessionId ? "others" : "global");
    }
    if (params.data) {
      await tx.query("update auth.users set raw_user_meta_data = $2, updated_at = now() where id = $1", [
        user.id,
        mergeMetadata(user.raw_user_meta_data, params.data),
      ]);
    }
    if (params.app_metadata) {
      await tx.query("update auth.users set raw_app_meta_data = $2, updated_at = now() where id = $1", [
        user.id,
        mergeMetadata(user.raw_app_meta_data, params.app_metadata),
      ]);
    }
    if (emailChanges) {
      await tx.query(
        "update auth.users set email_change = $2, email_change_sent_at = now(), updated_at = now() where id = $1",
        [user.id, email],
      );
    }
  });
  const updated = await findUserById(stack.db, user.id);
  if (!updated) throw internalError("Error updating user");
  return toUserJson(updated);
}

export async function logoutUser(request: ApiRequest, stack: LocalStack): Promise<void> {
  const { user, sessionId } = await requireUser(request, stack);
  const scope = new URL(request.url).searchParams.get("scope") || "global";
  if (!LOGOUT_SCOPES.includes(scope)) throw badRequest("validation_failed", `Unsupported logout scope "${scope}"`);
  await logout(stack.db, user.id, sessionId, scope as LogoutScope);
}
