import type { inferRouterOutputs, TRPCError } from "@trpc/server";
import { afterEach, beforeAll, describe, expect, expectTypeOf, test, vi } from "vitest";
import { createContextInner } from "~/server/context";
import { changeFeedFor } from "~/server/live/change-feed";
import { openStreamCount } from "~/server/live/subscription";
import type { AppRouter } from "~/server/routers/_app";
import type { InboxRow } from "~/server/routers/contact";
import type { ItemRow } from "~/server/routers/item";
import type { TodoRow } from "~/server/routers/todo";
import { createTestKit } from "../../support/callers";
import { subscribe } from "../../support/live";

let kit: Awaited<ReturnType<typeof createTestKit>>;
let alice: Awaited<ReturnType<typeof kit.callerFor>>;
let bob: Awaited<ReturnType<typeof kit.callerFor>>;
let admin: Awaited<ReturnType<typeof kit.callerFor>>;
let anon: Awaited<ReturnType<typeof kit.callerFor>>;
beforeAll(async () => {
  kit = await createTestKit();
  [alice, bob, admin, anon] = await Promise.all([
    kit.callerFor("user"),
    kit.callerFor("user"),
    kit.callerFor("admin"),
    kit.callerFor("anon"),
  ]);
});

const feed = () => changeFeedFor(kit.project, 500);
type LiveEvent = { id: string; data: { kind: string; row?: { id: number }; id?: number } };
const open: { close(): Promise<void> }[] = [];
const track = <S extends { close(): Promise<void> }>(subscription: S) => {
  open.push(subscription);
  return subscription;
};
afterEach(async () => {
  await Promise.all(open.splice(0).map((subscription) => subscription.close()));
  vi.useRealTimers();
});

const upsertOf = (id: number) => (event: LiveEvent) => event.data.kind === "upsert" && event.data.row?.id === id;
const deleteOf = (id: number) => (event: LiveEvent) => event.data.kind === "delete" && event.data.id === id;
const started = () => vi.waitFor(() => expect(feed().isPolling).toBe(true));

test("each event row has its list query's row type (the values are compared below)", () => {
  type Listed<P extends "item" | "todo" | "contact"> = inferRouterOutputs<AppRouter>[P]["list"]["items"][number];
  expectTypeOf<ItemRow>().toEqualTypeOf<Listed<"item">>();
  expectTypeOf<TodoRow>().toEqualTypeOf<Listed<"todo">>();
  expectTypeOf<InboxRow>().toEqualTypeOf<Listed<"contact">>();
});

describe("item.onChange", () => {
  test("anyone sees a new item as item.list shows it, then its deletion", async () => {
    const live = track(subscribe(anon.ctx, (api) => api.item.onChange()));
    await started();
    const item = await alice.caller.item.create({ title: "Live", body: "from alice" });
    const event = await live.waitFor(upsertOf(item.id));
    const listed = (await anon.caller.item.list({ limit: 1 })).items[0];
    expect(event.data).toEqual({ kind: "upsert", row: listed });
    expect(event.id).toMatch(/^\d+:\d+$/);
    await alice.caller.item.delete({ id: item.id });
    await live.waitFor(deleteOf(item.id));
  });

  test("a reconnect with the last event id gets what it missed, once", async () => {
    const first = track(subscribe(anon.ctx, (api) => api.item.onChange()));
    await started();
    const before = await alice.caller.item.create({ title: "Before the drop", body: "" });
    const { id: lastEventId } = await first.waitFor(upsertOf(before.id));
    await first.close();
    const missed = await alice.caller.item.create({ title: "While away", body: "" });
    const resumed = track(subscribe(anon.ctx, (api) => api.item.onChange({ lastEventId })));
    await resumed.waitFor(upsertOf(missed.id));
    expect(resumed.events.filter(upsertOf(before.id))).toEqual([]);
    expect(resumed.events.filter(upsertOf(missed.id))).toHaveLength(1);
  });

  test("a cursor older than the log keeps asks the browser to reload", async () => {
    await kit.admin.rpc("prune_changes", { retention_seconds: 0 });
    const live = track(subscribe(anon.ctx, (api) => api.item.onChange({ lastEventId: "1:1" })));
    const event = await live.waitFor(({ data }) => data.kind === "resync");
    expect(event.data).toEqual({ kind: "resync" });
  });

  test("a malformed cursor is refused as input", async () => {
    const live = subscribe(anon.ctx, (api) => api.item.onChange({ lastEventId: "1;drop table" }));
    await live.ended;
    expect((live.error as TRPCError).code).toBe("BAD_REQUEST");
  });
});

describe("todo.onChange", () => {
  test("a user's other tab sees their toggle; nobody else hears of it", async () => {
    const aliceTab = track(subscribe(alice.ctx, (api) => api.todo.onChange()));
    const bobTab = track(subscribe(bob.ctx, (api) => api.todo.onChange()));
    const adminTab = track(subscribe(admin.ctx, (api) => api.todo.onChange()));
    await started();
    const todo = await alice.caller.todo.create({ title: "Milk" });
    const toggled = await alice.caller.todo.update({ id: todo.id, done: true });
    const bobsOwn = await bob.caller.todo.create({ title: "Bob's" });
    await aliceTab.waitFor(({ data }) => data.kind === "upsert" && data.row.done);
    await bobTab.waitFor(upsertOf(bobsOwn.id));
    expect(aliceTab.events.at(-1)?.data).toEqual({ kind: "upsert", row: toggled });
    expect(bobTab.events.some(upsertOf(todo.id))).toBe(false);
    expect(adminTab.events).toEqual([]);
  });

  test("anon cannot subscribe", async () => {
    const live = subscribe(anon.ctx, (api) => api.todo.onChange());
    await live.ended;
    expect((live.error as TRPCError).code).toBe("UNAUTHORIZED");
  });

  test("the subscription ends once the session is revoked", async () => {
    const session = await kit.callerWithTokens(await kit.signIn(alice.account?.email ?? ""));
    // The liveness check runs every 15 s and may trust an answer 15 s old.
    vi.useFakeTimers({ toFake: ["setInterval", "Date"] });
    const live = subscribe(session.ctx, (api) => api.todo.onChange());
    await started();
    await session.caller.auth.signOut();
    expect(live.error).toBe(null);
    vi.advanceTimersByTime(16_000);
    await vi.waitFor(() => expect((live.error as TRPCError | null)?.code).toBe("UNAUTHORIZED"), { timeout: 5_000 });
  });
});

describe("contact.onChange", () => {
  test("admins see new messages; other users may not subscribe", async () => {
    const inbox = track(subscribe(admin.ctx, (api) => api.contact.onChange()));
    await started();
    await kit.admin.from("contact_messages").insert({
      name: "Visitor",
      email: "visitor@example.test",
      subject: "Hello",
      message: "Live inbox",
    });
    const event = await inbox.waitFor(({ data }) => data.kind === "upsert");
    const listed = (await admin.caller.contact.list({ limit: 1, filter: "inbox" })).items[0];
    expect(event.data).toEqual({ kind: "upsert", row: listed });

    const refused = subscribe(alice.ctx, (api) => api.contact.onChange());
    await refused.ended;
    expect((refused.error as TRPCError).code).toBe("FORBIDDEN");
  });
});

describe("limits and clean-up", () => {
  test("a user may hold only so many streams open at once", async () => {
    const ctx = createContextInner({
      project: kit.project,
      user: alice.ctx.user,
      accessToken: alice.ctx.accessToken,
      live: { maxStreamsPerUser: 2, pollMs: 500 },
    });
    track(subscribe(ctx, (api) => api.item.onChange()));
    track(subscribe(ctx, (api) => api.todo.onChange()));
    await vi.waitFor(() => expect(openStreamCount()).toBe(2));
    const third = subscribe(ctx, (api) => api.item.onChange());
    await third.ended;
    expect((third.error as TRPCError).code).toBe("TOO_MANY_REQUESTS");
    // Another user is not counted against alice.
    track(subscribe(bob.ctx, (api) => api.item.onChange()));
    await vi.waitFor(() => expect(openStreamCount()).toBe(3));
  });

  test("1,000 connect/disconnect cycles leave no listener, stream or poll behind", async () => {
    for (let cycle = 0; cycle < 1_000; cycle++) {
      const live = subscribe(anon.ctx, (api) => api.item.onChange());
      if (cycle % 100 === 0) await started();
      await live.close();
    }
    await vi.waitFor(() => {
      expect(feed().listenerCount).toBe(0);
      expect(openStreamCount()).toBe(0);
      expect(feed().isPolling).toBe(false);
    });
  });

  test("one poll serves every subscriber: log queries do not grow with them", async () => {
    const countQueries = async (subscribers: number) => {
      const lives = Array.from({ length: subscribers }, () => subscribe(anon.ctx, (api) => api.item.onChange()));
      await started();
      const before = feed().queries;
      await new Promise((resolve) => setTimeout(resolve, 2_000));
      const made = feed().queries - before;
      await Promise.all(lives.map((live) => live.close()));
      return made;
    };
    const withOne = await countQueries(1);
    const withFifty = await countQueries(50);
    expect(withOne).toBeGreaterThan(0);
    expect(withFifty).toBeLessThanOrEqual(withOne + 1);
  });
});
