/**
 * Stands in for GoTrue's password hashing (internal/crypto, golang.org/x/crypto/bcrypt):
 * bcrypt at cost 10 in the `$2a$` format GoTrue writes. It runs in Node's native bcrypt on
 * libuv's thread pool, not in PGlite (pgcrypto in WASM took ~300 ms on the one connection
 * every request shares). Hashes pgcrypto wrote, such as the seed's, verify the same way.
 * Not supported: the other formats GoTrue verifies (argon2, Firebase scrypt).
 */
import bcrypt from "bcrypt";

const COST = 10;

export async function hashPassword(password: string): Promise<string> {
  return bcrypt.hash(password, await bcrypt.genSalt(COST, "a"));
}

/**
 * True when `password` matches `hash`. Without a hash (unknown e-mail, no password set) a
 * compare still runs, against a hash of a random password, so the answer takes as long
 * either way and sign-in timing does not tell which e-mails are registered.
 */
export async function verifyPassword(password: string, hash: string | null | undefined): Promise<boolean> {
  if (!hash) {
    await bcrypt.compare(password, await unknownUserHash());
    return false;
  }
  // A value that is no bcrypt hash (written by hand) matches nothing, as on GoTrue.
  return bcrypt.compare(password, hash).catch(() => false);
}

let dummyHash: Promise<string> | undefined;
const unknownUserHash = () => {
  dummyHash ??= hashPassword(crypto.randomUUID());
  return dummyHash;
};
