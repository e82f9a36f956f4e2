import { createClient } from "@supabase/supabase-js";
import { afterAll, beforeAll, expect, test } from "vitest";
import type { LocalStack } from "../../../supabase/local/stack.ts";
import { startTestStack } from "../../support/local-stack.ts";

let stack: LocalStack;
beforeAll(async () => {
  stack = await startTestStack();
});
afterAll(async () => {
  await stack.db.close();
});

const profilesUrl = () => `${stack.url}/rest/v1/profiles?select=id&limit=1`;
const headers = () => ({ apikey: stack.keys.anonKey });

/**
 * Holds the database's turn for a second, as a busy database would, so a request waits.
 * IMPORTANT: released on a timer, not after the call: a call that ignored its signal would
 * otherwise wait forever, with the worker's shared database held.
 */
async function holdDatabase() {
  const release = await stack.takeTurn();
  setTimeout(release, 1_000);
}

test("the in-process fetch rejects with the signal's reason when it aborts mid-request, as fetch does", async () => {
  await holdDatabase();
  const started = performance.now();

  const outcome = await stack
    .fetch(profilesUrl(), { headers: headers(), signal: AbortSignal.timeout(100) })
    .catch((error: unknown) => error);

  expect((outcome as Error).name).toBe("TimeoutError");
  expect(performance.now() - started).toBeLessThan(800);
});

test("an already aborted signal rejects at once, without waiting for the database", async () => {
  await holdDatabase();
  const controller = new AbortController();
  controller.abort(new Error("aborted before sending"));
  const started = performance.now();

  await expect(stack.fetch(profilesUrl(), { headers: headers(), signal: controller.signal })).rejects.toThrow(
    "aborted before sending",
  );
  expect(performance.now() - started).toBeLessThan(800);
});

test("Storage, Realtime, Edge Functions, GraphQL and postgres-meta are refused by name, not as an unknown route", async () => {
  const client = createClient(stack.url, stack.keys.anonKey, {
    global: { fetch: stack.fetch },
    auth: { persistSession: false, autoRefreshToken: false },
  });

  const buckets = await client.storage.listBuckets();
  const invoked = await client.functions.invoke("hello");
  const others = await Promise.all(
    ["/realtime/v1/api/broadcast", "/graphql/v1", "/pg/tables"].map(async (path) => {
      const response = await stack.fetch(`${stack.url}${path}`, { headers: headers() });
      return [response.status, ((await response.json()) as { message: string }).message];
    }),
  );
  const unknown = await stack.fetch(`${stack.url}/nothing/here`, { headers: headers() });

  expect(buckets.error?.message).toBe("Supabase Storage (/storage/v1/) is not supported by the local Supabase stack");
  expect((invoked.error as { context?: Response } | null)?.context?.status).toBe(501);
  expect(others).toEqual([
    [501, "Supabase Realtime (/realtime/v1/) is not supported by the local Supabase stack"],
    [501, "GraphQL (pg_graphql) (/graphql/v1) is not supported by the local Supabase stack"],
    [501, "postgres-meta (/pg/) is not supported by the local Supabase stack"],
  ]);
  expect(unknown.status).toBe(404);
});
