/**
 * public.rate_limit_hit: a fixed window per key, shared by every server instance through the
 * database, callable only with the service role.
 */
import type { SupabaseClient } from "@supabase/supabase-js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { LocalStack } from "../../supabase/local/stack.ts";
import { startTestStack } from "../support/local-stack.ts";
import { clientFor, createUser, serviceClient, type TestUser } from "./users.ts";

let stack: LocalStack;
let user: TestUser;

beforeAll(async () => {
  stack = await startTestStack();
  user = await createUser(stack, "visitor");
});

afterAll(async () => {
  await stack.db.close();
});

function hit(key: string, maxHits: number, windowSeconds: number) {
  return serviceClient(stack)
    .rpc("rate_limit_hit", { key, max_hits: maxHits, window_seconds: windowSeconds })
    .single()
    .throwOnError();
}

describe("rate_limit_hit", () => {
  it("allows max_hits calls in a window, counting down, then refuses with the time left", async () => {
    const answers = [];
    for (let i = 0; i < 4; i++) answers.push((await hit("contact:1.2.3.4", 3, 60)).data);

    expect(answers).toEqual([
      { allowed: true, remaining: 2, retry_after_seconds: 0 },
      { allowed: true, remaining: 1, retry_after_seconds: 0 },
      { allowed: true, remaining: 0, retry_after_seconds: 0 },
      { allowed: false, remaining: 0, retry_after_seconds: 60 },
    ]);
  });

  it("counts each key on its own", async () => {
    await hit("login:alice", 1, 60);
    expect((await hit("login:bob", 1, 60)).data.allowed).toBe(true);
    expect((await hit("login:alice", 1, 60)).data.allowed).toBe(false);
  });

  it("retry-after counts down to the end of the window", async () => {
    await hit("aging", 1, 60);
    await stack.db.query(
      "update private.rate_limits set window_started_at = now() - interval '45.5 seconds' where key = 'aging'",
    );
    expect((await hit("aging", 1, 60)).data).toEqual({ allowed: false, remaining: 0, retry_after_seconds: 15 });
  });

  it("starts a fresh window once the old one has passed", async () => {
    await hit("expired", 1, 60);
    await stack.db.query(
      "update private.rate_limits set window_started_at = now() - interval '61 seconds' where key = 'expired'",
    );
    expect((await hit("expired", 1, 60)).data).toEqual({ allowed: true, remaining: 0, retry_after_seconds: 0 });
  });

  it("never lets 50 concurrent calls for one key past the limit", async () => {
    const answers = await Promise.all(Array.from({ length: 50 }, () => hit("burst", 10, 60)));

    expect(answers.filter(({ data }) => data.allowed)).toHaveLength(10);
    expect(answers.map(({ data }) => data.remaining).sort((x, y) => x - y)).toEqual([
      ...Array(41).fill(0),
      ...Array.from({ length: 9 }, (_, i) => i + 1),
    ]);
    const { rows } = await stack.db.query("select hits from private.rate_limits where key = 'burst'");
    expect(rows).toEqual([{ hits: 50 }]);
  });

  it("refuses anon and signed-in callers (42501) and records nothing for them", async () => {
    const args = { key: "sneaky", max_hits: 1000, window_seconds: 60 };

    expect(await clientFor(stack).rpc("rate_limit_hit", args)).toMatchObject({ status: 401, error: { code: "42501" } });
    expect(await user.client.rpc("rate_limit_hit", args)).toMatchObject({ status: 403, error: { code: "42501" } });
    const { rows } = await stack.db.query("select 1 from private.rate_limits where key = 'sneaky'");
    expect(rows).toEqual([]);
  });

  it("keeps its table out of the REST API", async () => {
    const untyped: SupabaseClient = serviceClient(stack);
    const { error } = await untyped.schema("private").from("rate_limits").select();
    expect(error?.code).toBe("PGRST106");
  });
});
