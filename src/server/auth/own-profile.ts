import { perProcess } from "../per-process";
import type { SupabaseProject } from "../supabase/clients";

/**
 * The caller's own profile as `auth.me` returns it, remembered per process for a short while:
 * every page render reads it (the header shows the username), and that read was the one
 * database round trip a signed-in page made beyond an anon one.
 * IMPORTANT: `profile.update` forgets the caller's answer, so a rename shows at once on the
 * instance that made it and within OWN_PROFILE_CACHE_MS on every other (as LIVENESS_CACHE_MS
 * does for reads), and so does a change written past it (straight through PostgREST, Studio). An answer belongs to the access token that read it: a new sign-in reads anew.
 */
export const OWN_PROFILE_CACHE_MS = 15_000;
const MAX_PROFILES = 10_000;

interface Remembered {
  token: string;
  value: unknown;
  until: number;
}

interface Memory {
  profiles: Map<string, Remembered>;
  /** Bumped by every forget: a read that was in flight meanwhile may hold the old profile. */
  forgets: number;
}

// One per process, not per bundle: a rename made through the API must be forgotten by page renders too.
const memory = perProcess<Memory>("own-profile", () => ({ profiles: new Map(), forgets: 0 }));

const keyOf = (project: SupabaseProject, userId: string) => `${project.url} ${userId}`;

export async function ownProfile<T>(
  project: SupabaseProject,
  userId: string,
  accessToken: string,
  read: () => Promise<T>,
): Promise<T> {
  const key = keyOf(project, userId);
  const known = memory.profiles.get(key);
  if (known && known.token === accessToken && known.until > Date.now()) return known.value as T;
  const forgetsBefore = memory.forgets;
  const value = await read();
  if (memory.forgets === forgetsBefore) {
    if (memory.profiles.size >= MAX_PROFILES) memory.profiles.clear();
    memory.profiles.set(key, { token: accessToken, value, until: Date.now() + OWN_PROFILE_CACHE_MS });
  }
  return value;
}

/** After the caller changed their profile: the next `auth.me` reads it from the database. */
export function forgetOwnProfile(project: SupabaseProject, userId: string) {
  memory.forgets++;
  memory.profiles.delete(keyOf(project, userId));
}
