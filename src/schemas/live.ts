import { z } from "zod";

/**
 * A position in the change log: `tx:id` (supabase/migrations/*_change_log.sql). Global to the
 * database, so a browser reconnecting to another app instance resumes exactly where it was.
 */
export const changeCursor = z.string().regex(/^\d{1,20}:\d{1,19}$/, "Not a change cursor");

/**
 * Every live subscription's input. The page passes the cursor it was rendered at; on a
 * reconnect tRPC replaces it with the last event's id, so nothing in between is missed.
 * @see https://trpc.io/docs/server/subscriptions#tracked
 */
export const liveInput = z.strictObject({ lastEventId: changeCursor.nullish() }).optional();
