/**
 * Stands in for the parts of PostgREST's request reading (src/PostgREST/ApiRequest.hs,
 * Preferences.hs, RangeQuery.hs and Auth.hs) that are not the query string: the JWT and role,
 * `Prefer` (with `handling=strict`, `max-affected=` and `timezone=`) and the `Range` header
 * (`Accept` is media.ts, the body payload.ts).
 */

import type { ApiRequest, LocalStack } from "../local-stack.ts";
import { jwtError, restError } from "./errors.ts";
import type { ApiConfig } from "./schema-cache.ts";

/** Like PostgREST's JWT cache: a signature is checked once per token, the claims on every use. */
const verifiedByProject = new WeakMap<object, Map<string, unknown>>();
const JWT_CACHE_SIZE = 1000;

/** Auth/Jwt.hs allowedSkewSeconds, for `exp`, `nbf` and `iat` alike. */
const CLOCK_SKEW_SECONDS = 30;

export interface Auth {
  role: string;
  /** The token's claims with `role` set to the role, as PostgREST publishes them. */
  claims: Record<string, unknown>;
}

/** PostgREST reads `Authorization: Bearer`; the API gateway turns a bare `apikey` into that header. */
export async function authenticate(request: ApiRequest, stack: LocalStack, config: ApiConfig): Promise<Auth> {
  // The gateway (stack.ts) has already checked that this is the project's anon or service key.
  const apiKey = request.headers.get("apikey") ?? new URL(request.url).searchParams.get("apikey") ?? "";
  const authorization = request.headers.get("authorization");
  const bearer = authorization?.match(/^Bearer\s*(.*)$/i);
  const token = bearer ? (bearer[1] ?? "").trim() : apiKey;
  if (token === "") throw jwtError("PGRST301", "Empty JWT is sent in Authorization header");
  const parts = token.split(".").length;
  if (parts !== 3) throw jwtError("PGRST301", `Expected 3 parts in JWT; got ${parts}`);
  return parseClaims(await verifiedPayload(token, stack), Date.now() / 1000, config);
}

async function verifiedPayload(token: string, stack: LocalStack): Promise<unknown> {
  let verified = verifiedByProject.get(stack.keys);
  if (!verified) {
    verified = new Map();
    verifiedByProject.set(stack.keys, verified);
  }
  if (verified.has(token)) return verified.get(token);
  let payload: unknown;
  try {
    payload = await stack.keys.verifySignature(token);
  } catch {
    throw jwtError("PGRST301", invalidTokenMessage(token));
  }
  if (verified.size >= JWT_CACHE_SIZE) verified.clear();
  verified.set(token, payload);
  return payload;
}

/**
 * Auth/Jwt.hs parseClaims: the time and audience checks (the first failure answers), then the
 * role, found at `jwt-role-claim-key` (a string as it is, any other JSON as its text), or the
 * anon role (`db-anon-role`; Supabase's is `anon`).
 */
function parseClaims(payload: unknown, now: number, config: ApiConfig): Auth {
  if (typeof payload !== "object" || payload === null || Array.isArray(payload)) {
    throw jwtError("PGRST303", "Parsing claims failed");
  }
  const claims = payload as Record<string, unknown>;
  const failure = claimFailure(claims, Math.floor(now), config.jwtAudience);
  if (failure) throw jwtError("PGRST303", failure);
  const found = walkPath(claims, config.roleClaimPath);
  const role = found === undefined ? config.anonRole : roleName(found);
  return { role, claims: { ...claims, role } };
}

/** Auth/Jwt.hs walkJSPath: a key of an object or an index of an array, else nothing. */
function walkPath(value: unknown, path: readonly (string | number)[]): unknown {
  let current = value;
  for (const step of path) {
    if (
      typeof step === "number"
        ? !Array.isArray(current)
        : typeof current !== "object" || current === null || Array.isArray(current)
    ) {
      return undefined;
    }
    current = (current as Record<string | number, unknown>)[step];
    if (current === undefined) return undefined;
  }
  return current;
}

const roleName = (value: unknown) => (typeof value === "string" ? value : JSON.stringify(value));

/** Scientific's toBoundedInteger as PostgREST reads a time: a fraction, or past Int64, is 0. */
const wholeSeconds = (value: number) => (Number.isInteger(value) && Math.abs(value) < 2 ** 63 ? value : 0);

function claimFailure(claims: Record<string, unknown>, now: number, audience: string | null): string | null {
  const times: Array<[string, (seconds: number) => boolean, string]> = [
    ["exp", (exp) => now - CLOCK_SKEW_SECONDS > exp, "JWT expired"],
    ["nbf", (nbf) => now + CLOCK_SKEW_SECONDS < nbf, "JWT not yet valid"],
    ["iat", (iat) => now + CLOCK_SKEW_SECONDS < iat, "JWT issued at future"],
  ];
  for (const [name, fails, message] of times) {
    const value = claims[name];
    // A null claim counts as absent (aeson's `.:?`).
    if (value === undefined || value === null) continue;
    if (typeof value !== "number") return `The JWT '${name}' claim must be a number`;
    if (fails(wholeSeconds(value))) return message;
  }
  const aud = claims.aud;
  if (aud === undefined || aud === null) return null;
  const audiences = typeof aud === "string" ? [aud] : aud;
  if (!Array.isArray(audiences) || !audiences.every((a) => typeof a === "string")) {
    return "The JWT 'aud' claim must be a string or an array of strings";
  }
  // Supabase sets no `jwt-aud`, so any audience passes; an empty list passes even when set.
  return audience === null || audiences.length === 0 || audiences.includes(audience) ? null : "JWT not in audience";
}

/** PostgREST's wording for the ways jose-jwt rejects a token. */
function invalidTokenMessage(token: string): string {
  try {
    const header = JSON.parse(Buffer.from(token.split(".")[0] ?? "", "base64url").toString("utf8")) as { alg?: string };
    if (header.alg === "none") return "Wrong or unsupported encoding algorithm";
  } catch {
    return "JWT couldn't be decoded";
  }
  return "JWT cryptographic operation failed";
}

export interface Preferences {
  representation: "full" | "minimal" | "headers-only" | null;
  count: "exact" | "planned" | "estimated" | null;
  resolution: "merge-duplicates" | "ignore-duplicates" | null;
  missing: "default" | "null" | null;
  handling: "strict" | "lenient" | null;
  /** Only enforced (and only reported) together with `handling=strict`, as on PostgREST. */
  maxAffected: number | null;
  /** `tx=commit|rollback`, only when `pgrst.db_tx_end` allows the override. */
  transaction: "commit" | "rollback" | null;
  /** The first `timezone=`, when Postgres knows the zone by that very name; the transaction's TimeZone. */
  timezone: string | null;
  /** Preferences PostgREST does not recognise; `handling=strict` turns them into PGRST122. */
  invalid: string[];
}

/** What PostgREST accepts, first occurrence wins (Preferences.hs `fromHeaders`). */
const KNOWN: Record<string, [keyof Preferences, string]> = {
  "return=representation": ["representation", "full"],
  "return=minimal": ["representation", "minimal"],
  "return=headers-only": ["representation", "headers-only"],
  "count=exact": ["count", "exact"],
  "count=planned": ["count", "planned"],
  "count=estimated": ["count", "estimated"],
  "resolution=merge-duplicates": ["resolution", "merge-duplicates"],
  "resolution=ignore-duplicates": ["resolution", "ignore-duplicates"],
  "missing=default": ["missing", "default"],
  "missing=null": ["missing", "null"],
  "handling=strict": ["handling", "strict"],
  "handling=lenient": ["handling", "lenient"],
};

/**
 * `tx=commit|rollback` are always recognised, but applied (and listed) only when
 * `pgrst.db_tx_end` ends in `-allow-override`. Supabase keeps PostgREST's default, `commit`,
 * so there they change nothing.
 */
const TRANSACTION_ENDS = new Set(["tx=commit", "tx=rollback"]);

const NO_TIMEZONES: ReadonlySet<string> = new Set();

/**
 * `header` is every Prefer header, joined with ", " as `Headers.get` does. `timezones` are the
 * names in `pg_timezone_names` (schema-cache.ts), needed only when the header names a zone.
 */
export function parsePreferences(
  header: string | null,
  txOverride = false,
  timezones: ReadonlySet<string> = NO_TIMEZONES,
): Preferences {
  const prefs: Preferences = {
    representation: null,
    count: null,
    resolution: null,
    missing: null,
    handling: null,
    maxAffected: null,
    transaction: null,
    timezone: null,
    invalid: [],
  };
  const set = new Set<keyof Preferences>();
  const entries = (header ?? "").split(",").map((raw) => raw.trim());
  // As PostgREST: the first zone decides, and an unknown one makes every `timezone=` invalid.
  const zone = entries.find((pref) => pref.startsWith("timezone="))?.slice("timezone=".length);
  if (zone !== undefined && timezones.has(zone)) prefs.timezone = zone;
  for (const pref of entries) {
    if (pref === "") continue;
    const known = KNOWN[pref];
    if (known) {
      const [key, value] = known;
      if (!set.has(key)) Object.assign(prefs, { [key]: value });
      set.add(key);
    } else if (pref.startsWith("max-affected=")) {
      const n = pref.slice("max-affected=".length);
      if (prefs.maxAffected === null && /^-?\d+$/.test(n)) prefs.maxAffected = Number(n);
    } else if (pref.startsWith("timezone=")) {
      if (prefs.timezone === null) prefs.invalid.push(pref);
    } else if (TRANSACTION_ENDS.has(pref)) {
      if (txOverride && prefs.transaction === null) prefs.transaction = pref === "tx=rollback" ? "rollback" : "commit";
    } else prefs.invalid.push(pref);
  }
  return prefs;
}

/**
 * PGRST122 for preferences PostgREST does not know, with handling=strict. Routes check it where
 * PostgREST's planner does: after negotiating a read's or a call's media type, before a
 * mutation's (Plan.hs); OPTIONS on a table never.
 */
export function checkStrictPreferences(prefs: Preferences): void {
  if (prefs.handling !== "strict" || prefs.invalid.length === 0) return;
  throw restError(
    400,
    "PGRST122",
    "Invalid preferences given with handling=strict",
    `Invalid preferences: ${prefs.invalid.join(", ")}`,
  );
}

export type ResponseKind = "read" | "insert" | "put" | "update" | "delete" | "rpc";

/**
 * `Preference-Applied`: the preferences PostgREST reports for each kind of request
 * (Response.hs), in prefAppliedHeader's order. `resolutionApplies` is false for an insert
 * into a table without a primary key and without `on_conflict`.
 */
export function preferenceApplied(
  prefs: Preferences,
  kind: ResponseKind,
  resolutionApplies = false,
): Record<string, string> {
  const mutation = kind === "insert" || kind === "put" || kind === "update" || kind === "delete";
  const strict = prefs.handling === "strict";
  const parts = [
    kind === "insert" && resolutionApplies && prefs.resolution && `resolution=${prefs.resolution}`,
    (kind === "insert" || kind === "update") && prefs.missing && `missing=${prefs.missing}`,
    mutation && representationName(prefs.representation),
    prefs.count && `count=${prefs.count}`,
    prefs.transaction && `tx=${prefs.transaction}`,
    prefs.handling && `handling=${prefs.handling}`,
    prefs.timezone && `timezone=${prefs.timezone}`,
    (kind === "update" || kind === "delete" || kind === "rpc") &&
      strict &&
      prefs.maxAffected !== null &&
      `max-affected=${prefs.maxAffected}`,
  ].filter((part): part is string => Boolean(part));
  return parts.length ? { "Preference-Applied": parts.join(", ") } : {};
}

/** Whether `max-affected` applies: only together with handling=strict. */
export function limitsAffected(prefs: Preferences): boolean {
  return prefs.handling === "strict" && prefs.maxAffected !== null;
}

/** PostgREST's failExceedsMaxAffectedPref: with handling=strict, more rows than allowed roll back. */
export function checkMaxAffected(prefs: Preferences, affected: number): void {
  if (!limitsAffected(prefs) || affected <= (prefs.maxAffected ?? 0)) return;
  throw restError(
    400,
    "PGRST124",
    "Query result exceeds max-affected preference constraint",
    `The query affects ${affected} rows`,
  );
}

export function representationName(rep: Preferences["representation"]): string | null {
  if (rep === "full") return "return=representation";
  if (rep === "minimal") return "return=minimal";
  if (rep === "headers-only") return "return=headers-only";
  return null;
}

/** The `Range: 0-9` header as an offset and an optional inclusive upper bound. */
export function rangeHeader(request: ApiRequest): { offset: number; upper: number | null } | null {
  const value = request.headers.get("range");
  const unit = request.headers.get("range-unit");
  if (!value || (unit && unit !== "items")) return null;
  const match = value.match(/^(\d+)-(\d*)$/);
  if (!match) return null;
  const offset = Number(match[1]);
  const upper = match[2] ? Number(match[2]) : null;
  if (upper !== null && upper < offset) {
    throw restError(
      416,
      "PGRST103",
      "Requested range not satisfiable",
      "The lower boundary must be lower than or equal to the upper boundary in the Range header.",
    );
  }
  return { offset, upper };
}
