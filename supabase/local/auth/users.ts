/**
 * Stands in for GoTrue's user model (internal/models/user.go): rows of `auth.users` turned
 * into the user JSON GoTrue returns, e-mail and password validation, the stored password hash,
 * and metadata merging. Identities are derived from the user row (one `email`
 * identity) because the platform schema has no `auth.identities` table.
 * Not supported: phone users, password requirements beyond the minimum length, HIBP checks.
 */
import type { PGlite, Transaction } from "@electric-sql/pglite";
import type { LocalStack } from "../local-stack.ts";
import { badRequest, weakPassword } from "./errors.ts";
import { verifyPassword } from "./passwords.ts";
import type { JsonObject } from "./request.ts";

export type Queryable = PGlite | Transaction;

/** bcrypt only looks at the first 72 bytes, so GoTrue refuses longer passwords. */
const MAX_PASSWORD_BYTES = 72;

// badoux/checkmail's format check, which GoTrue's validateEmail uses.
const EMAIL_FORMAT =
  /^[a-zA-Z0-9.!#$%&'*+/=?^_`{|}~-]+@[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?(?:\.[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?)*$/;

export interface UserRow {
  id: string;
  aud: string | null;
  role: string | null;
  email: string | null;
  phone: string | null;
  has_password: boolean;
  email_confirmed_at: string | null;
  phone_confirmed_at: string | null;
  confirmed_at: string | null;
  confirmation_sent_at: string | null;
  email_change: string | null;
  email_change_sent_at: string | null;
  last_sign_in_at: string | null;
  raw_app_meta_data: JsonObject | null;
  raw_user_meta_data: JsonObject | null;
  created_at: string | null;
  updated_at: string | null;
  banned_until: string | null;
  deleted_at: string | null;
  is_anonymous: boolean;
  is_banned: boolean;
}

// Timestamps leave Postgres already in Go's RFC 3339 shape so no precision is lost in JS.
const goTime = (column: string) =>
  `to_char(${column} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') as ${column}`;

export const USER_COLUMNS = [
  "id",
  "aud",
  "role",
  "email",
  "phone",
  "coalesce(encrypted_password, '') <> '' as has_password",
  goTime("email_confirmed_at"),
  goTime("phone_confirmed_at"),
  goTime("confirmed_at"),
  goTime("confirmation_sent_at"),
  "email_change",
  goTime("email_change_sent_at"),
  goTime("last_sign_in_at"),
  "raw_app_meta_data",
  "raw_user_meta_data",
  goTime("created_at"),
  goTime("updated_at"),
  goTime("banned_until"),
  goTime("deleted_at"),
  "is_anonymous",
  "coalesce(banned_until > now(), false) as is_banned",
].join(", ");

export async function findUserById(db: Queryable, id: string): Promise<UserRow | undefined> {
  const result = await db.query<UserRow>(`select ${USER_COLUMNS} from auth.users where id = $1`, [id]);
  return result.rows[0];
}

/** GoTrue's FindUserByEmailAndAudience / IsDuplicatedEmail: case-insensitive, SSO users excluded. */
export async function findUserByEmail(db: Queryable, email: string, aud: string): Promise<UserRow | undefined> {
  const result = await db.query<UserRow>(
    `select ${USER_COLUMNS} from auth.users
      where lower(email) = lower($1) and aud = $2 and is_sso_user = false`,
    [email, aud],
  );
  return result.rows[0];
}

/** The stored bcrypt hash, or null when the user has no password. */
export async function passwordHash(db: Queryable, userId: string): Promise<string | null> {
  const result = await db.query<{ hash: string | null }>(
    "select nullif(encrypted_password, '') as hash from auth.users where id = $1",
    [userId],
  );
  return result.rows[0]?.hash ?? null;
}

/** Whether `password` is the user's, checked off the database (see passwords.ts). */
export async function passwordMatches(stack: LocalStack, userId: string, password: string): Promise<boolean> {
  const hash = await passwordHash(stack.db, userId);
  return stack.offDatabase(() => verifyPassword(password, hash, stack.passwordHashCost));
}

/** GoTrue's validateEmail: returns the lower-cased address or throws validation_failed. */
export function validateEmail(email: string): string {
  if (email === "") throw badRequest("validation_failed", "An email address is required");
  if (email.length > 255) throw badRequest("validation_failed", "An email address is too long");
  if (!EMAIL_FORMAT.test(email))
    throw badRequest("validation_failed", "Unable to validate email address: invalid format");
  return email.toLowerCase();
}

/** GoTrue's checkPasswordStrength with only a minimum length configured. */
export function checkPasswordStrength(password: string, minimumLength: number): void {
  if (new TextEncoder().encode(password).byteLength > MAX_PASSWORD_BYTES) {
    throw badRequest("validation_failed", `Password cannot be longer than ${MAX_PASSWORD_BYTES} characters`);
  }
  // Go's len() counts bytes, so multi-byte characters count more than once, as on GoTrue.
  if (new TextEncoder().encode(password).byteLength < minimumLength) {
    throw weakPassword(`Password should be at least ${minimumLength} characters.`, ["length"]);
  }
}

/** GoTrue's UpdateUserMetaData / UpdateAppMetaData: shallow merge, `null` deletes a key. */
export function mergeMetadata(current: JsonObject | null, updates: JsonObject): JsonObject {
  const merged: JsonObject = { ...(current ?? {}) };
  for (const [key, value] of Object.entries(updates)) {
    if (value === null) delete merged[key];
    else merged[key] = value;
  }
  return merged;
}

/** The user object exactly as GoTrue serialises models.User (omitempty fields left out). */
export function toUserJson(row: UserRow): JsonObject {
  const optional = (value: string | null | undefined) => (value ? trimFraction(value) : undefined);
  const json: JsonObject = {
    id: row.id,
    aud: row.aud ?? "",
    role: row.role ?? "",
    email: row.email ?? "",
    email_confirmed_at: optional(row.email_confirmed_at),
    phone: row.phone ?? "",
    phone_confirmed_at: optional(row.phone_confirmed_at),
    confirmation_sent_at: optional(row.confirmation_sent_at),
    confirmed_at: optional(row.confirmed_at),
    new_email: row.email_change || undefined,
    email_change_sent_at: optional(row.email_change_sent_at),
    last_sign_in_at: optional(row.last_sign_in_at),
    app_metadata: row.raw_app_meta_data ?? {},
    user_metadata: row.raw_user_meta_data ?? {},
    identities: emailIdentities(row),
    created_at: optional(row.created_at) ?? "0001-01-01T00:00:00Z",
    updated_at: optional(row.updated_at) ?? "0001-01-01T00:00:00Z",
    banned_until: optional(row.banned_until),
    deleted_at: optional(row.deleted_at),
    is_anonymous: row.is_anonymous,
  };
  return Object.fromEntries(Object.entries(json).filter(([, value]) => value !== undefined));
}

function emailIdentities(row: UserRow): JsonObject[] {
  if (!row.email) return [];
  const created = optional(row.created_at);
  return [
    {
      identity_id: identityId(row.id),
      id: row.id,
      user_id: row.id,
      identity_data: {
        email: row.email,
        email_verified: row.email_confirmed_at !== null,
        phone_verified: false,
        sub: row.id,
      },
      provider: "email",
      last_sign_in_at: optional(row.last_sign_in_at) ?? created,
      created_at: created,
      updated_at: optional(row.updated_at),
      email: row.email,
    },
  ];

  function optional(value: string | null) {
    return value ? trimFraction(value) : undefined;
  }
}

/** A stable id per user, since there is no identities row to carry one. */
function identityId(userId: string): string {
  const hex = userId.replaceAll("-", "");
  const flipped = [...hex].map((digit, index) => (index < 8 ? (15 - Number.parseInt(digit, 16)).toString(16) : digit));
  const joined = flipped.join("");
  return `${joined.slice(0, 8)}-${joined.slice(8, 12)}-${joined.slice(12, 16)}-${joined.slice(16, 20)}-${joined.slice(20)}`;
}

/** Go's RFC3339Nano drops trailing zeros of the fraction (and the dot when nothing is left). */
function trimFraction(timestamp: string): string {
  return timestamp.replace(/\.?0+Z$/, "Z");
}
