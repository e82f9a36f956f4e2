/**
 * Stands in for GoTrue's error responses (internal/api/errors.go, apierrors): the
 * `{ code, message }` body sent to clients that ask for API version 2024-01-01 (supabase-js
 * always does), the legacy `{ code: status, error_code, msg }` body for everyone else, and the
 * OAuth `{ error, error_description }` body of the /token grants.
 * Not supported: `error_id` request ids on 500s.
 */
import type { ApiRequest } from "../local-stack.ts";

const API_VERSION_HEADER = "X-Supabase-Api-Version";
const API_VERSION_2024_01_01 = "2024-01-01";

/** An error GoTrue reports with an HTTP status and one of its error codes. */
export class AuthHttpError extends Error {
  readonly status: number;
  readonly code: string;
  /** Extra top-level fields of the body, e.g. `weak_password` on weak_password errors. */
  readonly extra: Record<string, unknown>;

  constructor(status: number, code: string, message: string, extra: Record<string, unknown> = {}) {
    super(message);
    this.status = status;
    this.code = code;
    this.extra = extra;
  }
}

/** GoTrue's OAuth2-style error, used by a few /token grant failures; always 400. */
export class OAuthError extends Error {
  readonly error: string;

  constructor(error: string, description: string) {
    super(description);
    this.error = error;
  }
}

export const badRequest = (code: string, message: string) => new AuthHttpError(400, code, message);
export const unauthorized = (code: string, message: string) => new AuthHttpError(401, code, message);
export const forbidden = (code: string, message: string) => new AuthHttpError(403, code, message);
export const notFound = (code: string, message: string) => new AuthHttpError(404, code, message);
export const unprocessable = (code: string, message: string) => new AuthHttpError(422, code, message);
export const internalError = (message: string) => new AuthHttpError(500, "unexpected_failure", message);

/**
 * A GoTrue feature this local stack does not implement: refused by name, in GoTrue's error
 * body, so supabase-js raises an AuthApiError saying so (a 404 page would be AuthUnknownError).
 */
export function notSupported(feature: string) {
  return new AuthHttpError(422, "feature_not_supported", `${feature} is not supported by the local Supabase stack`);
}

export function weakPassword(message: string, reasons: string[]) {
  return new AuthHttpError(422, "weak_password", message, { weak_password: { reasons } });
}

/** Which error body the client asked for, from its X-Supabase-Api-Version header. */
export function usesApiVersion2024(request: ApiRequest): boolean {
  const requested = request.headers.get(API_VERSION_HEADER);
  if (!requested || !/^\d{4}-\d{2}-\d{2}$/.test(requested)) return false;
  const date = Date.parse(`${requested}T00:00:00Z`);
  return !Number.isNaN(date) && date >= Date.parse(`${API_VERSION_2024_01_01}T00:00:00Z`);
}

export function errorResponse(request: ApiRequest, error: unknown): Response {
  if (error instanceof OAuthError) {
    return Response.json({ error: error.error, error_description: error.message }, { status: 400 });
  }
  const httpError =
    error instanceof AuthHttpError
      ? error
      : internalError("Unexpected failure, please check server logs for more information");
  if (!(error instanceof AuthHttpError)) logFailure("unexpected failure", error);
  if (usesApiVersion2024(request)) {
    // GoTrue echoes the version it answered with; supabase-js only trusts `code` when it sees it.
    return Response.json(
      { code: httpError.code, message: httpError.message, ...httpError.extra },
      { status: httpError.status, headers: { [API_VERSION_HEADER]: API_VERSION_2024_01_01 } },
    );
  }
  return Response.json(
    { code: httpError.status, error_code: httpError.code, msg: httpError.message, ...httpError.extra },
    { status: httpError.status },
  );
}

/** Logs a failure without the query parameters PGlite attaches, which may hold passwords. */
export function logFailure(context: string, error: unknown): void {
  const detail = (error as { detail?: unknown }).detail;
  const message = error instanceof Error ? error.message : String(error);
  console.error(`[auth] ${context}: ${message}${typeof detail === "string" ? ` (${detail})` : ""}`);
}
