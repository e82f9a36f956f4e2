/**
 * Stands in for GoTrue's admin user endpoints (internal/api/admin.go), callable with a
 * service_role token: create, list (paginated, with GoTrue's Link and X-Total-Count headers),
 * get, update (metadata, password, e-mail, role, bans) and delete (hard or soft) users.
 * Not supported: the `filter`/`sort` list parameters, invites, generate_link, MFA factors,
 * password hashes other than bcrypt.
 */
import type { ApiRequest, LocalStack } from "../local-stack.ts";
import { badRequest, internalError, logFailure, notFound, unprocessable } from "./errors.ts";
import { hashPassword } from "./passwords.ts";
import { type JsonObject, readParams } from "./request.ts";
import { logout } from "./sessions.ts";
import { DEFAULT_AUDIENCE } from "./signup.ts";
import {
  checkPasswordStrength,
  findUserByEmail,
  findUserById,
  mergeMetadata,
  type Queryable,
  toUserJson,
  USER_COLUMNS,
  type UserRow,
  validateEmail,
} from "./users.ts";

const DEFAULT_PER_PAGE = 50;
const MAX_PER_PAGE = 1000;
const MAX_PAGE = 2 ** 31 - 1;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const BCRYPT_HASH = /^\$2[aby]?\$\d{2}\$[./A-Za-z0-9]{53}$/;
// Go's time.ParseDuration units, the format of `ban_duration` ("24h", "1h30m", "none").
const GO_DURATION = /^(?:(\d+(?:\.\d+)?)(ns|us|µs|ms|s|m|h))+$/;
const GO_DURATION_PART = /(\d+(?:\.\d+)?)(ns|us|µs|ms|s|m|h)/g;
const SECONDS_PER_UNIT: Record<string, number> = { ns: 1e-9, us: 1e-6, µs: 1e-6, ms: 1e-3, s: 1, m: 60, h: 3600 };

const ADMIN_USER_PARAMS = {
  id: "string",
  aud: "string",
  role: "string",
  email: "string",
  phone: "string",
  password: "string",
  password_hash: "string",
  email_confirm: "boolean",
  phone_confirm: "boolean",
  user_metadata: "object",
  app_metadata: "object",
  ban_duration: "string",
} as const;

export async function listUsers(request: ApiRequest, stack: LocalStack): Promise<Response> {
  const url = new URL(request.url);
  const page = paginationParameter(url, "page", 1, MAX_PAGE);
  const perPage = paginationParameter(url, "per_page", DEFAULT_PER_PAGE, MAX_PER_PAGE);
  const aud = request.headers.get("x-jwt-aud") || DEFAULT_AUDIENCE;
  const rows = await stack.db.query<UserRow>(
    `select ${USER_COLUMNS} from auth.users where aud = $1 order by created_at desc, id limit $2 offset $3`,
    [aud, perPage, (page - 1) * perPage],
  );
  const count = await stack.db.query<{ count: number }>(
    "select count(*)::int as count from auth.users where aud = $1",
    [aud],
  );
  const total = count.rows[0]?.count ?? 0;
  return Response.json(
    { users: rows.rows.map(toUserJson), aud },
    { headers: { link: paginationLink(url, page, perPage, total), "x-total-count": String(total) } },
  );
}

export async function getUserById(stack: LocalStack, userId: string): Promise<JsonObject> {
  return toUserJson(await loadUser(stack.db, userId));
}

export async function createUser(request: ApiRequest, stack: LocalStack): Promise<JsonObject> {
  const params = await readParams(request, "AdminUserParams", ADMIN_USER_PARAMS);
  const aud = params.aud || request.headers.get("x-jwt-aud") || DEFAULT_AUDIENCE;
  if (!params.email && !params.phone) {
    throw badRequest("validation_failed", "Cannot create a user without either an email or phone");
  }
  const providers: string[] = [];
  const email = params.email ? validateEmail(params.email) : null;
  if (email) {
    if (await findUserByEmail(stack.db, email, aud)) {
      throw unprocessable("email_exists", "A user with this email address has already been registered");
    }
    providers.push("email");
  }
  const phone = params.phone ? validatePhone(params.phone) : null;
  if (phone) {
    const taken = await stack.db.query("select 1 from auth.users where phone = $1 and aud = $2", [phone, aud]);
    if (taken.rows.length > 0) throw unprocessable("phone_exists", "Phone number already registered by another user");
    providers.push("phone");
  }
  if (params.password !== undefined && params.password_hash) {
    throw badRequest("validation_failed", "Only a password or a password hash should be provided");
  }
  if (params.password_hash && !BCRYPT_HASH.test(params.password_hash)) throw internalError("Error creating user");
  const id = params.id ? customUserId(params.id) : crypto.randomUUID();
  const banSeconds = params.ban_duration ? parseBanDuration(params.ban_duration) : undefined;
  // Without a password GoTrue stores a random one nobody knows, so the user cannot sign in with one.
  const password = params.password || crypto.randomUUID() + crypto.randomUUID();
  const hash = params.password_hash ?? (await stack.offDatabase(() => hashPassword(password, stack.passwordHashCost)));
  const appMetadata = mergeMetadata({ provider: providers[0], providers }, params.app_metadata ?? {});
  const userMetadata = mergeMetadata(params.user_metadata ?? {}, params.email_confirm ? { email_verified: true } : {});

  try {
    await stack.db.query(
      `insert into auth.users (instance_id, id, aud, role, email, phone, encrypted_password, raw_app_meta_data,
                               raw_user_meta_data, email_confirmed_at, phone_confirmed_at, banned_until,
                               created_at, updated_at, confirmation_token, recovery_token, email_change_token_new,
                               email_change, is_sso_user, is_anonymous)
       values ('00000000-0000-0000-0000-000000000000', $1, $2, $3, $4, $5,
               $6, $7, $8,
               case when $9 then now() end, case when $10 then now() end,
               case when $11::float8 > 0 then now() + make_interval(secs => $11::float8) end,
               now(), now(), '', '', '', '', false, false)`,
      [
        id,
        aud,
        params.role || "authenticated",
        email,
        phone,
        hash,
        appMetadata,
        userMetadata,
        params.email_confirm ?? false,
        params.phone_confirm ?? false,
        banSeconds ?? 0,
      ],
    );
  } catch (error) {
    logFailure("admin create user failed", error);
    throw internalError("Database error creating new user");
  }
  return getUserById(stack, id);
}

export async function updateUserById(request: ApiRequest, stack: LocalStack, userId: string): Promise<JsonObject> {
  const user = await loadUser(stack.db, userId);
  const params = await readParams(request, "AdminUserParams", ADMIN_USER_PARAMS);
  const email = params.email ? validateEmail(params.email) : undefined;
  const phone = params.phone ? validatePhone(params.phone) : undefined;
  const banSeconds = params.ban_duration ? parseBanDuration(params.ban_duration) : undefined;
  if (params.password !== undefined)
    checkPasswordStrength(params.password, stack.settings.auth.minimum_password_length);
  const newPassword = params.password;
  const hash = newPassword ? await stack.offDatabase(() => hashPassword(newPassword, stack.passwordHashCost)) : "";

  try {
    await stack.db.transaction(async (tx) => {
      const set = (assignments: string, values: unknown[]) =>
        tx.query(`update auth.users set ${assignments}, updated_at = now() where id = $1`, [user.id, ...values]);
      if (params.role) await set("role = $2", [params.role.trim()]);
      if (params.email_confirm) {
        await set("email_confirmed_at = now(), raw_user_meta_data = $2", [
          mergeMetadata(user.raw_user_meta_data, { email_verified: true }),
        ]);
      }
      if (params.phone_confirm) await set("phone_confirmed_at = now()", []);
      if (params.password !== undefined) {
        await set("encrypted_password = $2", [hash]);
        // An admin password reset signs the user out everywhere (UpdatePassword without a session).
        await logout(tx, user.id, undefined, "global");
      }
      if (email) await set("email = $2", [email]);
      if (phone) await set("phone = $2", [phone]);
      if (params.app_metadata) {
        await set("raw_app_meta_data = $2", [mergeMetadata(user.raw_app_meta_data, params.app_metadata)]);
      }
      if (params.user_metadata) {
        const current = (await loadUser(tx, user.id)).raw_user_meta_data;
        await set("raw_user_meta_data = $2", [mergeMetadata(current, params.user_metadata)]);
      }
      if (banSeconds !== undefined) {
        await set("banned_until = case when $2::float8 > 0 then now() + make_interval(secs => $2::float8) end", [
          banSeconds,
        ]);
      }
    });
  } catch (error) {
    logFailure("admin update user failed", error);
    throw internalError("Error updating user");
  }
  return getUserById(stack, user.id);
}

export async function deleteUser(request: ApiRequest, stack: LocalStack, userId: string): Promise<JsonObject> {
  const user = await loadUser(stack.db, userId);
  const params = await readParams(request, "adminUserDeleteParams", { should_soft_delete: "boolean" }, true);
  if (!params.should_soft_delete) {
    await stack.db.query("delete from auth.users where id = $1", [user.id]);
    return {};
  }
  if (user.deleted_at) return {};
  await stack.db.transaction(async (tx) => {
    // GoTrue's SoftDeleteUser: keep the row, make its e-mail, phone and password unusable.
    await tx.query(
      `update auth.users set deleted_at = now(), updated_at = now(), encrypted_password = '',
              email = case when email is null then null else encode(extensions.digest(id::text || email, 'sha256'), 'hex') end,
              phone = case when phone is null then null else encode(extensions.digest(id::text || phone, 'sha256'), 'hex') end,
              raw_app_meta_data = '{}', raw_user_meta_data = '{}'
        where id = $1`,
      [user.id],
    );
    await logout(tx, user.id, undefined, "global");
  });
  return {};
}

async function loadUser(db: Queryable, userId: string): Promise<UserRow> {
  if (!UUID.test(userId)) throw notFound("validation_failed", "user_id must be an UUID");
  const user = await findUserById(db, userId);
  if (!user) throw notFound("user_not_found", "User not found");
  return user;
}

function paginationParameter(url: URL, name: "page" | "per_page", fallback: number, maximum: number): number {
  const raw = url.searchParams.get(name);
  if (!raw) return fallback;
  if (!/^\d+$/.test(raw) || !Number.isSafeInteger(Number(raw))) {
    throw badRequest(
      "validation_failed",
      `Bad Pagination Parameters: strconv.ParseUint: parsing "${raw}": invalid syntax`,
    );
  }
  const value = Number(raw);
  if (value === 0) throw badRequest("validation_failed", `Bad Pagination Parameters: ${name} must be greater than 0`);
  if (value > maximum) {
    const detail = name === "page" ? "page exceeds maximum allowed value" : `per_page must not exceed ${maximum}`;
    throw badRequest("validation_failed", `Bad Pagination Parameters: ${detail}`);
  }
  return value;
}

/**
 * GoTrue's Link header: relative to GoTrue's own root (the gateway strips /auth/v1), with Go's
 * sorted query encoding — supabase-js reads the page number right after the first `=`.
 */
function paginationLink(url: URL, page: number, perPage: number, total: number): string {
  const totalPages = Math.max(Math.ceil(total / perPage), 1);
  const path = url.pathname.replace(/^\/auth\/v1/, "");
  const linkTo = (target: number) => {
    const query = new URLSearchParams(url.searchParams);
    query.set("page", String(target));
    query.sort();
    return `<${path}?${query.toString()}>`;
  };
  const next = totalPages > page ? `${linkTo(page + 1)}; rel="next", ` : "";
  return `${next}${linkTo(totalPages)}; rel="last"`;
}

/** GoTrue's validatePhone: digits only after dropping formatting, E.164 length. */
function validatePhone(phone: string): string {
  const digits = phone.replace(/[^0-9]/g, "");
  if (!/^[1-9][0-9]{1,14}$/.test(digits)) {
    throw badRequest("validation_failed", "Invalid phone number format (E.164 required)");
  }
  return digits;
}

function customUserId(id: string): string {
  if (!UUID.test(id)) throw badRequest("validation_failed", "ID must conform to the uuid v4 format");
  if (/^0{8}-0{4}-0{4}-0{4}-0{12}$/.test(id)) throw badRequest("validation_failed", "ID cannot be a nil uuid");
  return id.toLowerCase();
}

/** Seconds of a ban; 0 lifts it ("none"). */
function parseBanDuration(duration: string): number {
  if (duration === "none") return 0;
  if (!GO_DURATION.test(duration)) {
    throw badRequest("validation_failed", `invalid format for ban duration: time: invalid duration "${duration}"`);
  }
  let seconds = 0;
  for (const [, amount, unit] of duration.matchAll(GO_DURATION_PART)) {
    seconds += Number(amount) * (SECONDS_PER_UNIT[unit ?? "s"] ?? 1);
  }
  return seconds;
}
