import { databaseError } from "../errors";
import { perProcess } from "../per-process";
import { type SupabaseProject, sharedClients } from "../supabase/clients";

/**
 * Whether a verified access token's session still exists: signing out deletes the session at
 * once, but its access tokens stay valid JWTs until they expire (up to an hour).
 * IMPORTANT: queries may trust an answer up to LIVENESS_CACHE_MS old, per process, to spare
 * a database round trip per request; mutations always ask. So a revoked session is refused
 * by writes at once and by reads within LIVENESS_CACHE_MS, on every instance.
 */
export const LIVENESS_CACHE_MS = 15_000;
const MAX_CACHED_SESSIONS = 10_000;

const answers = perProcess("session-liveness", () => new Map<string, { active: boolean; checkedAt: number }>());

export async function isSessionActive(project: SupabaseProject, sessionId: string, allowCached: boolean) {
  const known = answers.get(sessionId);
  if (allowCached && known && Date.now() - known.checkedAt < LIVENESS_CACHE_MS) return known.active;

  const { data, error } = await sharedClients(project).serviceRole.rpc("session_is_active", { session_id: sessionId });
  if (error) throw databaseError(error);
  remember(sessionId, data);
  return data;
}

function remember(sessionId: string, active: boolean) {
  answers.delete(sessionId);
  // A Map iterates in insertion order: the first key is the oldest answer.
  if (answers.size >= MAX_CACHED_SESSIONS) answers.delete(answers.keys().next().value ?? "");
  answers.set(sessionId, { active, checkedAt: Date.now() });
}
