import { isAuthRetryableFetchError } from "@supabase/supabase-js";
import { TRPCError } from "@trpc/server";
import type { TRPC_ERROR_CODE_KEY } from "@trpc/server/rpc";
import { ZodError, z } from "zod";

/**
 * The one place where Supabase failures (Postgres SQLSTATEs through PostgREST, GoTrue error
 * codes) become tRPC errors. Field-level problems reach the client the same way whether zod
 * or the database found them: `error.data.zodError.fieldErrors.<field>`.
 */

/** Field errors by input field name, as `z.flattenError` shapes them. */
export interface InputErrors {
  formErrors: string[];
  fieldErrors: Partial<Record<string, string[]>>;
}

/** The cause of an error found on the server about one field (zod 4's ZodError is no Error subclass). */
class FieldErrorCause extends Error {
  readonly field: string;

  constructor(field: string, message: string) {
    super(message);
    this.field = field;
  }
}

/** A failure tied to one input field, e.g. a taken username. */
export function fieldError(code: TRPC_ERROR_CODE_KEY, field: string, message: string) {
  return new TRPCError({ code, message, cause: new FieldErrorCause(field, message) });
}

/** What the error formatter sends as `zodError`: from a zod validation or a field error. */
export function inputErrorsOf(cause: unknown): InputErrors | null {
  if (cause instanceof ZodError) return z.flattenError(cause) as InputErrors;
  if (cause instanceof FieldErrorCause) return { formErrors: [], fieldErrors: { [cause.field]: [cause.message] } };
  return null;
}

/**
 * A 400 whose message is a library's own words about the raw request (JSON.parse positions,
 * superjson's "Cannot convert alice to a BigInt"): tRPC copies them from the cause when the
 * input cannot be read. They mean nothing to a user and describe our internals.
 */
export function isMalformedRequest(error: TRPCError) {
  if (error.code === "PARSE_ERROR") return true;
  const cause = error.cause;
  return (
    error.code === "BAD_REQUEST" &&
    cause instanceof Error &&
    !(cause instanceof TRPCError) &&
    !(cause instanceof FieldErrorCause) &&
    cause.message === error.message
  );
}

/**
 * IMPORTANT: when createContext itself throws (the session check found the database gone),
 * the error formatter gets no ctx, so no ctx.requestId: the API route files the request's id
 * under the error here, and the formatter finds it there.
 */
const requestIdsOfErrors = new WeakMap<object, string>();

export function rememberRequestId(error: unknown, requestId: string | undefined) {
  if (requestId && typeof error === "object" && error !== null) requestIdsOfErrors.set(error, requestId);
  return error;
}

/** tRPC passes a thrown TRPCError on as it is, and wraps anything else as its cause. */
export function requestIdOf(error: TRPCError) {
  const cause = error.cause;
  return requestIdsOfErrors.get(error) ?? (cause ? requestIdsOfErrors.get(cause) : undefined) ?? null;
}

interface SupabaseFailure {
  code?: string;
  message: string;
}

const postgresCodes: Record<string, TRPC_ERROR_CODE_KEY> = {
  "23505": "CONFLICT",
  "23503": "BAD_REQUEST",
  "23514": "BAD_REQUEST",
  "23502": "BAD_REQUEST",
  "22P02": "BAD_REQUEST",
  "22001": "BAD_REQUEST",
  "22007": "BAD_REQUEST",
  "22008": "BAD_REQUEST",
  // A NUL byte: untranslatable character, and character not in the database's encoding.
  "22P05": "BAD_REQUEST",
  "22021": "BAD_REQUEST",
  "42501": "FORBIDDEN",
  PGRST116: "NOT_FOUND",
  PGRST301: "UNAUTHORIZED",
  PGRST303: "UNAUTHORIZED",
};

/** What the caller is told: the database's own words name tables, constraints and policies. */
const databaseMessages: Partial<Record<TRPC_ERROR_CODE_KEY, string>> = {
  CONFLICT: "This already exists",
  BAD_REQUEST: "Some values are not valid",
  FORBIDDEN: "You are not allowed to do this",
  NOT_FOUND: "Not found",
  UNAUTHORIZED: "Sign in to do this",
};

const UNAVAILABLE_MESSAGE = "The database is unreachable right now. Please try again shortly.";

/** Supabase did not answer in time, or not at all: the caller may retry, nothing is their fault. */
export const unavailableError = (cause?: unknown) =>
  new TRPCError({ code: "SERVICE_UNAVAILABLE", message: UNAVAILABLE_MESSAGE, cause });

/**
 * Refusals this project's own SQL functions raise (`raise exception '...' using errcode =
 * 'PT412'`: PostgREST answers HTTP 412). Their messages are written for the user, so they pass.
 */
const ownRefusalCodes: Record<string, TRPC_ERROR_CODE_KEY> = {
  PT403: "FORBIDDEN",
  PT404: "NOT_FOUND",
  PT412: "PRECONDITION_FAILED",
};

/** A PostgREST error (from `const { error } = await supabase.from(...)`) as a tRPC error. */
export function databaseError(error: SupabaseFailure) {
  // PostgREST names every failure it answers; one without a code is a network error, a
  // timeout, or a gateway's page: the database was never reached.
  if (!error.code) return unavailableError(error);
  const refusal = ownRefusalCodes[error.code];
  if (refusal) return new TRPCError({ code: refusal, message: error.message, cause: error });
  const code = (error.code ? postgresCodes[error.code] : undefined) ?? "INTERNAL_SERVER_ERROR";
  return new TRPCError({ code, message: databaseMessages[code] ?? "Database error", cause: error });
}

/** GoTrue codes without a field of their own (those are handled in authError). */
const authCodes: Record<string, TRPC_ERROR_CODE_KEY> = {
  signup_disabled: "FORBIDDEN",
  user_banned: "FORBIDDEN",
  email_not_confirmed: "FORBIDDEN",
  over_request_rate_limit: "TOO_MANY_REQUESTS",
  over_email_send_rate_limit: "TOO_MANY_REQUESTS",
};

/** A GoTrue error (from `supabase.auth.*`) as a tRPC error; field errors where one field is at fault. */
export function authError(error: SupabaseFailure) {
  // A network error, a timeout or a 5xx from Auth or its gateway.
  if (isAuthRetryableFetchError(error)) return unavailableError(error);
  switch (error.code) {
    case "invalid_credentials":
      // The same words whether or not the e-mail exists: no account enumeration.
      return new TRPCError({ code: "UNAUTHORIZED", message: "Email or password is incorrect", cause: error });
    case "user_already_exists":
    case "email_exists":
      return fieldError("CONFLICT", "email", "An account with this email already exists");
    case "weak_password":
      return fieldError("BAD_REQUEST", "password", error.message);
    case "validation_failed":
    case "email_address_invalid":
      return fieldError("BAD_REQUEST", "email", "Enter a valid email address");
  }
  const code = (error.code ? authCodes[error.code] : undefined) ?? "INTERNAL_SERVER_ERROR";
  return new TRPCError({
    code,
    message: code === "INTERNAL_SERVER_ERROR" ? "Authentication failed" : error.message,
    cause: error,
  });
}
