/**
 * Stands in for a Supabase project's signing keys. With `[auth] signing_keys_path` or
 * `[auth] jwt_secret` in config.toml, those (configured-keys.ts); with neither, one generated
 * ES256 key pair per data folder, the anon and service-role API keys signed with it, and the
 * public JWKS that supabase-js's `auth.getClaims()` verifies user tokens against.
 * Not supported: key rotation while running.
 */
import type { PGlite } from "@electric-sql/pglite";
import {
  type CryptoKey,
  compactVerify,
  errors,
  exportJWK,
  generateKeyPair,
  importJWK,
  type JWK,
  jwtVerify,
  SignJWT,
} from "jose";

const ALGORITHM = "ES256";
const ISSUER = "supabase-local";
const API_KEY_LIFETIME_SECONDS = 10 * 365 * 24 * 3600;

/** The claims of a Supabase JWT; user tokens carry all of them, API keys only `role`. */
export interface JwtClaims {
  role: string;
  iss?: string;
  sub?: string;
  aud?: string | string[];
  exp?: number;
  iat?: number;
  email?: string;
  phone?: string;
  app_metadata?: Record<string, unknown>;
  user_metadata?: Record<string, unknown>;
  session_id?: string;
  aal?: string;
  is_anonymous?: boolean;
  [claim: string]: unknown;
}

export class JwtVerificationError extends Error {
  readonly reason: "expired" | "invalid";

  constructor(reason: "expired" | "invalid", message: string) {
    super(message);
    this.reason = reason;
  }
}

export interface ProjectKeys {
  readonly anonKey: string;
  readonly serviceRoleKey: string;
  /** The public half only, as served at /auth/v1/.well-known/jwks.json. */
  readonly jwks: { keys: JWK[] };
  sign(claims: JwtClaims, expiresInSeconds: number): Promise<string>;
  /** Verifies signature, algorithm and expiry (GoTrue's reading); throws JwtVerificationError. */
  verify(token: string): Promise<JwtClaims>;
  /**
   * Verifies signature and algorithm only and returns the payload as it decodes, so PostgREST's
   * own claim rules can judge it (rest/request.ts); throws JwtVerificationError.
   */
  verifySignature(token: string): Promise<unknown>;
}

/** The payload of `token` once its signature verifies with `key`; a payload that is not JSON is undefined. */
export async function signedPayload(token: string, key: CryptoKey | Uint8Array, algorithm: string): Promise<unknown> {
  let payload: Uint8Array;
  try {
    ({ payload } = await compactVerify(token, key, { algorithms: [algorithm] }));
  } catch (error) {
    throw new JwtVerificationError("invalid", error instanceof Error ? error.message : "invalid JWT");
  }
  try {
    return JSON.parse(new TextDecoder().decode(payload));
  } catch {
    return undefined;
  }
}

interface StoredKeys {
  kid: string;
  private_jwk: JWK;
  public_jwk: JWK;
  anon_key: string;
  service_role_key: string;
}

/** Loads the data folder's keys, creating them (and their table) on first use. */
export async function loadProjectKeys(db: PGlite): Promise<ProjectKeys> {
  await db.exec(`
    create schema if not exists supabase_local;
    revoke all on schema supabase_local from public;
    create table if not exists supabase_local.signing_keys (
      kid text primary key,
      private_jwk jsonb not null,
      public_jwk jsonb not null,
      anon_key text not null,
      service_role_key text not null
    );`);
  const existing = await db.query<StoredKeys>("select * from supabase_local.signing_keys limit 1");
  const stored = existing.rows[0] ?? (await createKeys(db));
  const privateKey = (await importJWK(stored.private_jwk, ALGORITHM)) as CryptoKey;
  const publicKey = (await importJWK(stored.public_jwk, ALGORITHM)) as CryptoKey;
  return buildProjectKeys(stored, privateKey, publicKey);
}

async function createKeys(db: PGlite): Promise<StoredKeys> {
  const { privateKey, publicKey } = await generateKeyPair(ALGORITHM, { extractable: true });
  const kid = crypto.randomUUID();
  const sign = (role: string) => signToken(privateKey, kid, { role, ref: "local" }, API_KEY_LIFETIME_SECONDS);
  const stored: StoredKeys = {
    kid,
    private_jwk: await exportJWK(privateKey),
    public_jwk: { ...(await exportJWK(publicKey)), kid, alg: ALGORITHM, use: "sig", key_ops: ["verify"] },
    anon_key: await sign("anon"),
    service_role_key: await sign("service_role"),
  };
  await db.query(
    "insert into supabase_local.signing_keys (kid, private_jwk, public_jwk, anon_key, service_role_key) values ($1, $2, $3, $4, $5)",
    [stored.kid, stored.private_jwk, stored.public_jwk, stored.anon_key, stored.service_role_key],
  );
  return stored;
}

function signToken(key: CryptoKey, kid: string, claims: JwtClaims, expiresInSeconds: number) {
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT(claims)
    .setProtectedHeader({ alg: ALGORITHM, kid, typ: "JWT" })
    .setIssuer(claims.iss ?? ISSUER)
    .setIssuedAt(claims.iat ?? now)
    .setExpirationTime(claims.exp ?? now + expiresInSeconds)
    .sign(key);
}

function buildProjectKeys(stored: StoredKeys, privateKey: CryptoKey, publicKey: CryptoKey): ProjectKeys {
  return {
    anonKey: stored.anon_key,
    serviceRoleKey: stored.service_role_key,
    jwks: { keys: [stored.public_jwk] },
    sign: (claims, expiresInSeconds) => signToken(privateKey, stored.kid, claims, expiresInSeconds),
    async verify(token) {
      try {
        // PostgREST and GoTrue allow 30 s of clock skew on `exp`; so does hosted Supabase.
        const { payload } = await jwtVerify<JwtClaims>(token, publicKey, {
          algorithms: [ALGORITHM],
          clockTolerance: 30,
        });
        if (typeof payload.role !== "string") throw new JwtVerificationError("invalid", "JWT has no role claim");
        return payload;
      } catch (error) {
        if (error instanceof JwtVerificationError) throw error;
        if (error instanceof errors.JWTExpired) throw new JwtVerificationError("expired", "JWT expired");
        throw new JwtVerificationError("invalid", error instanceof Error ? error.message : "invalid JWT");
      }
    },
    verifySignature: (token) => signedPayload(token, publicKey, ALGORITHM),
  };
}
