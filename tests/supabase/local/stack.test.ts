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

test("the in-process fetch rejects with the signal's reason when it aborts mid-request, as fetch does", async () => {
  // Holding the database's turn keeps the request waiting, as a busy database would.
  const release = await stack.takeTurn();
  try {
    const started = performance.now();
    const outcome = await stack
      .fetch(profilesUrl(), { headers: headers(), signal: AbortSignal.timeout(100) })
      .catch((error: unknown) => error);

    expect((outcome as Error).name).toBe("TimeoutError");
    expect(performance.now() - started).toBeLessThan(1_000);
  } finally {
    release();
  }
});

test("an already aborted signal sends nothing", async () => {
  const controller = new AbortController();
  controller.abort(new Error("not sent"));

  await expect(stack.fetch(profilesUrl(), { headers: headers(), signal: controller.signal })).rejects.toThrow(
    "not sent",
  );
});
