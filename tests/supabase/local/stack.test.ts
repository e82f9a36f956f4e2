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
