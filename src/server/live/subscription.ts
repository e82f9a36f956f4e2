import { TRPCError, tracked } from "@trpc/server";
import { decodeJwt } from "jose";
import { isSessionActive, LIVENESS_CACHE_MS } from "../auth/liveness";
import { clientNetwork } from "../client-network";
import type { Context } from "../context";
import { databaseError } from "../errors";
import { perProcess } from "../per-process";
import { type Change, changeFeedFor, type LiveTable } from "./change-feed";

/**
 * What a live subscription sends: a row to show (new or changed), a row to drop, or "reload
 * what you show" when the browser was away longer than the change log remembers.
 */
export type LiveEvent<Row> = { kind: "upsert"; row: Row } | { kind: "delete"; id: number } | { kind: "resync" };

interface LiveOptions {
  table: LiveTable;
  /** Set by the browser on reconnect (the last `tracked` id it saw): resume after it. */
  lastEventId?: string | null;
  signal?: AbortSignal;
  /** Asked for every change: may this subscriber see it? */
  isVisible: (change: Change) => boolean;
}

/** The streams each user (or network) holds open in this process. */
const openStreams = perProcess("open-live-streams", () => new Map<string, number>());

/**
 * One table's changes for one subscriber, authorized change by change, ending when the
 * browser goes away or the caller's session is revoked (checked as often as queries are).
 */
export async function* liveEvents<Row>(ctx: Context, options: LiveOptions) {
  const release = openStream(streamOwner(ctx), ctx.live.maxStreamsPerUser);
  const session = watchSession(ctx);
  const signal = AbortSignal.any([options.signal ?? new AbortController().signal, session.ended]);
  try {
    const feed = changeFeedFor(ctx.project, ctx.live.pollMs);
    for await (const change of feed.changes(options.lastEventId ?? null, signal)) {
      if ("resync" in change) yield tracked(change.cursor, { kind: "resync" } as LiveEvent<Row>);
      else if (change.table === options.table && options.isVisible(change)) {
        yield tracked(change.cursor, eventOf<Row>(change));
      }
    }
    if (session.ended.aborted) {
      throw new TRPCError({ code: "UNAUTHORIZED", message: "Your session has ended: sign in again for live updates" });
    }
  } catch (error) {
    if (error instanceof TRPCError) throw error;
    // The change log could not be read: SERVICE_UNAVAILABLE, which the browser retries.
    throw databaseError(error as Parameters<typeof databaseError>[0]);
  } finally {
    session.stop();
    release();
  }
}

function eventOf<Row>(change: Change): LiveEvent<Row> {
  // A row deleted before the trigger's transaction ended still has its insert in the log.
  if (change.operation === "delete" || change.row === null) return { kind: "delete", id: change.rowId };
  return { kind: "upsert", row: change.row as Row };
}

function streamOwner(ctx: Context) {
  if (ctx.user) return `user:${ctx.user.id}`;
  return `network:${ctx.clientIp ? clientNetwork(ctx.clientIp) : "unknown"}`;
}

function openStream(owner: string, limit: number) {
  const open = openStreams.get(owner) ?? 0;
  if (open >= limit) {
    throw new TRPCError({
      code: "TOO_MANY_REQUESTS",
      message: `Too many live updates open at once (at most ${limit}): close some tabs and reload`,
    });
  }
  openStreams.set(owner, open + 1);
  let released = false;
  return () => {
    if (released) return;
    released = true;
    const remaining = (openStreams.get(owner) ?? 1) - 1;
    if (remaining > 0) openStreams.set(owner, remaining);
    else openStreams.delete(owner);
  };
}

/** How many streams are open in this process (for tests: none may be left behind). */
export const openStreamCount = () => [...openStreams.values()].reduce((sum, open) => sum + open, 0);

/** Aborts `ended` once the caller's session is found revoked; anon has none to watch. */
function watchSession(ctx: Context) {
  const controller = new AbortController();
  const sessionId = ctx.accessToken ? decodeJwt(ctx.accessToken).session_id : undefined;
  if (!ctx.user || typeof sessionId !== "string") return { ended: controller.signal, stop: () => {} };
  const timer = setInterval(async () => {
    try {
      if (!(await isSessionActive(ctx.project, sessionId, true))) controller.abort();
    } catch {
      // Unknown for now (database unreachable): ask again next time.
    }
  }, LIVENESS_CACHE_MS);
  return { ended: controller.signal, stop: () => clearInterval(timer) };
}
