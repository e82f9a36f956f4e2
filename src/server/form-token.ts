import { createHmac, timingSafeEqual } from "node:crypto";

/**
 * Server-signed "this form was opened at T" tokens: a person takes seconds to fill a form, a
 * bot milliseconds. Signed with a key derived from the service-role key, which only the
 * server holds, so a client cannot forge an older time.
 */
const MAX_AGE_MS = 24 * 3600 * 1000;

export function formTokens(secret: string) {
  const signature = (issuedAt: string) =>
    createHmac("sha256", `form-token:${secret}`).update(issuedAt).digest("base64url");
  return {
    issue: (now = Date.now()) => `${now}.${signature(String(now))}`,
    /** How long ago the form was opened, or null for a forged, malformed or stale token. */
    ageMs(token: string, now = Date.now()) {
      const [issuedAt = "", signed = ""] = token.split(".");
      const expected = Buffer.from(signature(issuedAt));
      const actual = Buffer.from(signed);
      if (!/^\d+$/.test(issuedAt) || actual.length !== expected.length || !timingSafeEqual(actual, expected)) {
        return null;
      }
      const age = now - Number(issuedAt);
      return age >= 0 && age <= MAX_AGE_MS ? age : null;
    },
  };
}
