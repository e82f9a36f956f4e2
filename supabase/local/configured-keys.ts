/**
 * Stands in for the keys the Supabase CLI takes from `supabase/config.toml`:
 * `[auth] signing_keys_path`, a JSON list of private JWKs (ES256 or RS256, as
 * `supabase gen signing-key` writes them): the first signs user tokens, every one verifies,
 * and their public halves make the JWKS; and `[auth] jwt_secret`, the legacy HS256 secret.
 * As with the CLI, the anon and service-role keys are `{ iss: "supabase-demo", role, exp }`
 * signed with the secret when there is one, so the CLI's well-known default keys work with its
 * default secret; without a secret the first signing key signs them. The secret is never
 * published in the JWKS. Not supported: key rotation while running, other algorithms.
 */
import { readFileSync } from "node:fs";
import {
  type CryptoKey,
  decodeProtectedHeader,
  errors,
  exportJWK,
  importJWK,
  type JWK,
  type JWTHeaderParameters,
  jwtVerify,
  SignJWT,
} from "jose";
import type { JwtClaims, ProjectKeys } from "./keys.ts";
import { JwtVerificationError, signedPayload } from "./keys.ts";

export interface KeySettings {
  jwt_secret?: string | undefined;
  /** Absolute; settings.ts resolves it against the folder of config.toml, as the CLI does. */
  signing_keys_path?: string | undefined;
}

const ALGORITHMS = ["ES256", "RS256"] as const;
type Algorithm = (typeof ALGORITHMS)[number];

interface SigningKey {
  kid: string;
  alg: Algorithm;
  privateKey: CryptoKey;
  publicKey: CryptoKey;
  publicJwk: JWK;
}

/** The CLI's API-key claims; its default secret turns them into the well-known local keys. */
const API_KEY_ISSUER = "supabase-demo";
const API_KEY_EXPIRY = 1983812996;

export function hasConfiguredKeys(settings: KeySettings): boolean {
  return Boolean(settings.jwt_secret || settings.signing_keys_path);
}

export async function loadConfiguredKeys(settings: KeySettings): Promise<ProjectKeys> {
  const signingKeys = settings.signing_keys_path ? await readSigningKeys(settings.signing_keys_path) : [];
  const secret = settings.jwt_secret ? new TextEncoder().encode(settings.jwt_secret) : null;
  const signer = signingKeys[0];
  const sign = (claims: JwtClaims, header: JWTHeaderParameters, key: CryptoKey | Uint8Array) =>
    new SignJWT(claims).setProtectedHeader(header).sign(key);
  const apiKey = (role: string) => {
    const claims = { iss: API_KEY_ISSUER, role, exp: API_KEY_EXPIRY };
    if (secret) return sign(claims, { alg: "HS256", typ: "JWT" }, secret);
    if (!signer) throw new Error("no key to sign the API keys with");
    return sign(claims, { alg: signer.alg, kid: signer.kid, typ: "JWT" }, signer.privateKey);
  };
  return {
    anonKey: await apiKey("anon"),
    serviceRoleKey: await apiKey("service_role"),
    jwks: { keys: signingKeys.map((key) => key.publicJwk) },
    async sign(claims, expiresInSeconds) {
      const now = Math.floor(Date.now() / 1000);
      const full = { ...claims, iat: claims.iat ?? now, exp: claims.exp ?? now + expiresInSeconds };
      if (signer) return sign(full, { alg: signer.alg, kid: signer.kid, typ: "JWT" }, signer.privateKey);
      return sign(full, { alg: "HS256", typ: "JWT" }, secret as Uint8Array);
    },
    async verify(token) {
      const { alg, key } = verifyingKey(token);
      try {
        // PostgREST and GoTrue allow 30 s of clock skew on `exp`; so does hosted Supabase.
        const { payload } = await jwtVerify<JwtClaims>(token, key, { algorithms: [alg], clockTolerance: 30 });
        if (typeof payload.role !== "string") throw new JwtVerificationError("invalid", "JWT has no role claim");
        return payload;
      } catch (error) {
        if (error instanceof JwtVerificationError) throw error;
        if (error instanceof errors.JWTExpired) throw new JwtVerificationError("expired", "JWT expired");
        throw new JwtVerificationError("invalid", error instanceof Error ? error.message : "invalid JWT");
      }
    },
    verifySignature(token) {
      const { alg, key } = verifyingKey(token);
      return signedPayload(token, key, alg);
    },
  };

  /** The secret for HS256, else the signing key of the token's algorithm (and kid, if it names one). */
  function verifyingKey(token: string): { alg: string; key: CryptoKey | Uint8Array } {
    let header: JWTHeaderParameters;
    try {
      header = decodeProtectedHeader(token) as JWTHeaderParameters;
    } catch {
      throw new JwtVerificationError("invalid", "JWT header could not be decoded");
    }
    const key =
      header.alg === "HS256"
        ? secret
        : signingKeys.find((k) => k.alg === header.alg && (header.kid === undefined || k.kid === header.kid))
            ?.publicKey;
    if (!key || !header.alg)
      throw new JwtVerificationError("invalid", `no configured key verifies ${header.alg} ${header.kid ?? ""}`);
    return { alg: header.alg, key };
  }
}

async function readSigningKeys(path: string): Promise<SigningKey[]> {
  const where = `[auth] signing_keys_path (${path})`;
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(path, "utf8"));
  } catch (error) {
    throw new Error(`${where}: ${error instanceof Error ? error.message : error}`);
  }
  if (!Array.isArray(parsed) || parsed.length === 0)
    throw new Error(`${where}: expected a non-empty JSON list of JWKs`);
  return Promise.all(parsed.map((jwk: JWK, i) => importSigningKey(jwk, `${where}, key ${i}`)));
}

async function importSigningKey(jwk: JWK, where: string): Promise<SigningKey> {
  const alg = jwk.alg ?? (jwk.kty === "EC" ? "ES256" : jwk.kty === "RSA" ? "RS256" : undefined);
  if (!ALGORITHMS.includes(alg as Algorithm)) {
    throw new Error(
      `${where}: algorithm ${alg ?? jwk.kty} is not supported by the local Supabase stack (ES256, RS256)`,
    );
  }
  if (!jwk.kid) throw new Error(`${where}: the key has no "kid"`);
  if (!jwk.d) throw new Error(`${where}: the key has no private part ("d"), so it cannot sign`);
  // `supabase gen signing-key` writes key_ops ["sign", "verify"], which WebCrypto refuses for one half.
  const { key_ops: _ops, ...privateFields } = jwk;
  const privateKey = (await importJWK(privateFields, alg)) as CryptoKey;
  const { d: _d, p: _p, q: _q, dp: _dp, dq: _dq, qi: _qi, ...publicFields } = privateFields;
  const publicKey = (await importJWK(publicFields, alg)) as CryptoKey;
  const publicJwk: JWK = {
    ...(await exportJWK(publicKey)),
    kid: jwk.kid,
    alg,
    use: "sig",
    key_ops: ["verify"],
  };
  return { kid: jwk.kid, alg: alg as Algorithm, privateKey, publicKey, publicJwk };
}
