import { logger } from "../log";
import { perProcess } from "../per-process";
import { createServiceRoleClient, type SupabaseProject, type TypedSupabaseClient } from "../supabase/clients";
import type { Json } from "../supabase/database.gen";
import { compareCursors } from "./cursor";

/**
 * The one change feed of this server process: it reads the database's change log with one
 * keyset query per tick while anyone listens, and hands every change to every subscriber.
 * The database sees the same queries whether 1 or 1,000 browsers are connected; deciding who
 * may see a change is the subscriber's job (src/server/live/subscription.ts).
 *
 * Why a poller (README, "Live updates"): it needs only PostgREST, so it works on hosted
 * Supabase, the embedded stack and any number of instances alike; LISTEN/NOTIFY needs a
 * direct Postgres connection, Realtime a websocket server the embedded stack does not run.
 */
export type LiveTable = "items" | "todos" | "contact_messages";

export interface Change {
  cursor: string;
  table: LiveTable;
  operation: "insert" | "update" | "delete";
  rowId: number;
  ownerId: string | null;
  /** The row as the table's list query returns it; null for a delete. */
  row: Json | null;
}

/** The subscriber's cursor is older than the log keeps: it must reload what it shows. */
export interface Resync {
  resync: true;
  cursor: string;
}

interface FeedOptions {
  pollMs: number;
  /** Rows read per query; a burst larger than this takes several queries in one tick. */
  batchSize?: number;
  /** Changes kept in memory for reconnecting subscribers; older ones are read from the log. */
  historySize?: number;
  /** How long the log keeps changes; a cursor older than that resynchronizes. */
  retentionSeconds?: number;
}

const PRUNE_EVERY_MS = 5 * 60_000;

export class ChangeFeed {
  private readonly listeners = new Set<(changes: Change[]) => void>();
  private readonly database: TypedSupabaseClient;
  private readonly options: Required<FeedOptions>;
  private started: Promise<void> | null = null;
  private timer: NodeJS.Timeout | null = null;
  private position = "0:0";
  private history: Change[] = [];
  /** Every change after this cursor is in `history`. */
  private historyFrom = "0:0";
  private lastPrunedAt = 0;
  /** Bumped by every start and stop, so work begun before a stop never schedules a tick. */
  private generation = 0;
  /** Log queries made, for the benchmark and tests. */
  queries = 0;

  constructor(project: SupabaseProject, options: FeedOptions) {
    this.database = createServiceRoleClient(project);
    this.options = { batchSize: 500, historySize: 1_000, retentionSeconds: 3_600, ...options };
  }

  get listenerCount() {
    return this.listeners.size;
  }

  /** Whether a tick is scheduled or running; false once the last subscriber has gone. */
  get isPolling() {
    return this.started !== null;
  }

  /**
   * A cursor no later than the newest committed change, for a page about to read what it
   * shows: a subscription starting from it misses nothing the page did not read.
   */
  async head(): Promise<string> {
    if (this.started && this.timer) return this.position;
    const { data, error } = await this.database.rpc("change_log_position").single();
    this.queries++;
    if (error) throw error;
    return data.head;
  }

  /**
   * Every change after `after` (or from now, without it), oldest first, until `signal` aborts.
   * Changes committed while the caller catches up are neither lost nor repeated.
   */
  async *changes(after: string | null, signal: AbortSignal): AsyncGenerator<Change | Resync> {
    const queue: Change[] = [];
    let wake: (() => void) | null = null;
    const onChanges = (changes: Change[]) => {
      queue.push(...changes);
      wake?.();
    };
    const onAbort = () => wake?.();
    this.listeners.add(onChanges);
    signal.addEventListener("abort", onAbort);
    try {
      await this.start();
      // Changes after this position reach the queue; the ones before it are caught up here.
      const caughtUpTo = this.position;
      let cursor = after ?? caughtUpTo;
      if (compareCursors(cursor, caughtUpTo) < 0) {
        for await (const missed of this.changesBetween(cursor, caughtUpTo)) {
          if (signal.aborted) return;
          yield missed;
          cursor = missed.cursor;
        }
      }
      while (!signal.aborted) {
        if (queue.length === 0) await new Promise<void>((resolve) => (wake = resolve));
        wake = null;
        for (const change of queue.splice(0)) {
          if (compareCursors(change.cursor, cursor) <= 0) continue;
          yield change;
          cursor = change.cursor;
        }
      }
    } finally {
      signal.removeEventListener("abort", onAbort);
      this.listeners.delete(onChanges);
      if (this.listeners.size === 0) this.stop();
    }
  }

  private async *changesBetween(after: string, until: string): AsyncGenerator<Change | Resync> {
    if (compareCursors(after, this.historyFrom) >= 0) {
      yield* this.history.filter((change) => inRange(change.cursor, after, until));
      return;
    }
    const { data, error } = await this.database.rpc("change_log_position").single();
    this.queries++;
    if (error) throw error;
    if (compareCursors(after, data.horizon) < 0) {
      yield { resync: true, cursor: until };
      return;
    }
    let cursor = after;
    for (;;) {
      const changes = await this.read(cursor);
      for (const change of changes) {
        if (compareCursors(change.cursor, until) > 0) return;
        yield change;
        cursor = change.cursor;
      }
      if (changes.length < this.options.batchSize) return;
    }
  }

  private start() {
    this.started ??= (async () => {
      const generation = ++this.generation;
      const { data, error } = await this.database.rpc("change_log_position").single();
      this.queries++;
      if (error) throw error;
      if (generation !== this.generation) return;
      this.position = data.head;
      this.historyFrom = data.head;
      this.history = [];
      this.schedule(generation);
    })().catch((error: unknown) => {
      this.started = null;
      throw error;
    });
    return this.started;
  }

  private stop() {
    this.generation++;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.started = null;
  }

  private schedule(generation: number) {
    if (this.listeners.size === 0) return this.stop();
    this.timer = setTimeout(() => void this.tick(generation), this.options.pollMs);
  }

  private async tick(generation: number) {
    this.timer = null;
    try {
      for (;;) {
        const changes = await this.read(this.position);
        if (generation !== this.generation) return;
        if (changes.length > 0) this.publish(changes);
        if (changes.length < this.options.batchSize) break;
      }
      await this.pruneNowAndThen();
    } catch (error) {
      // The database may be down for a while; subscribers keep their connection and the
      // feed picks up where it was once it answers again.
      logger.warn({ err: error }, "change feed: reading the change log failed");
    }
    if (generation === this.generation) this.schedule(generation);
  }

  private publish(changes: Change[]) {
    this.position = changes.at(-1)?.cursor ?? this.position;
    this.history.push(...changes);
    const overflow = this.history.length - this.options.historySize;
    if (overflow > 0) {
      this.historyFrom = this.history[overflow - 1]?.cursor ?? this.historyFrom;
      this.history.splice(0, overflow);
    }
    for (const listener of this.listeners) listener(changes);
  }

  private async read(after: string): Promise<Change[]> {
    const { data, error } = await this.database.rpc("changes_since", {
      after_cursor: after,
      max_rows: this.options.batchSize,
    });
    this.queries++;
    if (error) throw error;
    return data.map((row) => ({
      cursor: row.cursor,
      table: row.table_name as LiveTable,
      operation: row.operation as Change["operation"],
      rowId: row.row_id,
      ownerId: row.owner_id,
      row: row.row_data,
    }));
  }

  private async pruneNowAndThen() {
    if (Date.now() - this.lastPrunedAt < PRUNE_EVERY_MS) return;
    this.lastPrunedAt = Date.now();
    const { error } = await this.database.rpc("prune_changes", { retention_seconds: this.options.retentionSeconds });
    this.queries++;
    if (error) throw error;
  }
}

const inRange = (cursor: string, after: string, until: string) =>
  compareCursors(cursor, after) > 0 && compareCursors(cursor, until) <= 0;

const feeds = perProcess("change-feeds", () => new Map<string, ChangeFeed>());

/** The process's feed for a project, created on first use. */
export function changeFeedFor(project: SupabaseProject, pollMs: number) {
  const key = `${project.url} ${project.serviceRoleKey}`;
  let feed = feeds.get(key);
  if (!feed) {
    feed = new ChangeFeed(project, { pollMs });
    feeds.set(key, feed);
  }
  return feed;
}
