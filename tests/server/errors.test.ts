import { describe, expect, test } from "vitest";
import { authError, databaseError, inputErrorsOf } from "~/server/errors";

describe("databaseError maps PostgREST failures to tRPC codes", () => {
  test.each([
    ["23505", "CONFLICT"],
    ["23514", "BAD_REQUEST"],
    ["22P02", "BAD_REQUEST"],
    ["22P05", "BAD_REQUEST"],
    ["22021", "BAD_REQUEST"],
    ["42501", "FORBIDDEN"],
    ["PGRST116", "NOT_FOUND"],
    ["PGRST301", "UNAUTHORIZED"],
    ["XX000", "INTERNAL_SERVER_ERROR"],
  ])("%s -> %s", (code, expected) => {
    expect(databaseError({ code, message: "from the database" }).code).toBe(expected);
  });

  test("a failure without a code (network error, timeout, gateway page) is SERVICE_UNAVAILABLE", () => {
    const error = databaseError({ code: "", message: "TypeError: fetch failed" });

    expect(error.code).toBe("SERVICE_UNAVAILABLE");
    expect(error.message).toBe("The database is unreachable right now. Please try again shortly.");
  });

  test("an unexpected failure hides the database's words", () => {
    expect(databaseError({ code: "XX000", message: "could not open file base/1/2" }).message).toBe("Database error");
  });
});

describe("authError maps GoTrue failures", () => {
  test.each([
    ["invalid_credentials", "UNAUTHORIZED", null],
    ["user_already_exists", "CONFLICT", "email"],
    ["email_exists", "CONFLICT", "email"],
    ["weak_password", "BAD_REQUEST", "password"],
    ["validation_failed", "BAD_REQUEST", "email"],
    ["signup_disabled", "FORBIDDEN", null],
    ["over_request_rate_limit", "TOO_MANY_REQUESTS", null],
    ["unexpected_failure", "INTERNAL_SERVER_ERROR", null],
  ])("%s -> %s (field: %s)", (code, expected, field) => {
    const error = authError({ code, message: "from GoTrue" });

    expect(error.code).toBe(expected);
    expect(Object.keys(inputErrorsOf(error.cause)?.fieldErrors ?? {})).toEqual(field ? [field] : []);
  });
});
