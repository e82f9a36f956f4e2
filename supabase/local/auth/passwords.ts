/**
 * Stands in for GoTrue's password hashing (internal/crypto, golang.org/x/crypto/bcrypt):
 * bcrypt in the `$2a$` format GoTrue writes, at GoTrue's cost 10 unless the stack was started
 * with another (tests: see QUICK_HASH_COST). It runs in Node's native bcrypt on libuv's thread
 * pool, not in PGlite (pgcrypto in WASM took ~300 ms on the one connection every request
 * shares). Hashes pgcrypto wrote, such as the seed's, verify the same way, whatever their cost.
 * Not supported: the other formats GoTrue verifies (argon2, Firebase scrypt).
 */
import bcrypt from "bcrypt";

export const GOTRUE_HASH_COST = 10;

/**
 * bcrypt's minimum, for test stacks: GoTrue's own test suites set
 * `crypto.PasswordHashCost = crypto.QuickHashCost` for the same reason. A hash at cost 10 takes
 * about 70 ms of a core, and the unit tests sign up and sign in hundreds of users.
 */
export const QUICK_HASH_COST = 4;

export async function hashPassword(password: string, cost: number): Promise<string> {
  return bcrypt.hash(password, await bcrypt.genSalt(cost, "a"));
}

/**
 * True when `password` matches `hash` (whatever cost it was made at). Without a hash (unknown
 * e-mail, no password set) a compare still runs, against a hash of a random password at
 * `cost`, the stack's, so the answer takes as long either way and sign-in timing does not
 * tell which e-mails are registered.
 */
export async function verifyPassword(
  password: string,
  hash: string | null | undefined,
  cost: number,
): Promise<boolean> {
  if (!hash) {
    await bcrypt.compare(password, await unknownUserHash(cost));
    return false;
  }
  // A value that is no bcrypt hash (written by hand) matches nothing, as on GoTrue.
  return bcrypt.compare(password, hash).catch(() => false);
}

const dummyHashes = new Map<number, Promise<string>>();
function unknownUserHash(cost: number): Promise<string> {
  let hash = dummyHashes.get(cost);
  if (!hash) {
    hash = hashPassword(crypto.randomUUID(), cost);
    dummyHashes.set(cost, hash);
  }
  return hash;
}
