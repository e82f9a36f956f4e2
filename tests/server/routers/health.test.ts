import { expect, test } from "vitest";
import { createContextInner } from "~/server/context";
import { createCaller } from "~/server/routers/_app";
import packageJson from "../../../package.json" with { type: "json" };
import { createTestKit } from "../../support/callers";

test("health.check reports ok with the database, the app's version and the process uptime", async () => {
  const kit = await createTestKit();
  const anon = await kit.callerFor("anon");

  const health = await anon.caller.health.check();

  expect(health.status).toBe("ok");
  expect(health.database).toBe("ok");
  expect(health.version).toBe(packageJson.version);
  expect(health.uptimeSeconds).toBe(Math.round(process.uptime()));
  expect(Math.abs(health.time.getTime() - Date.now())).toBeLessThan(5_000);
}, 15_000);

test("health.check reports degraded, within about a second, when the database does not answer", async () => {
  // A black hole: the request is never answered, only abandoned.
  const blackHole: typeof fetch = (_input, init) =>
    new Promise((_resolve, reject) => init?.signal?.addEventListener("abort", () => reject(init.signal?.reason)));
  const project = { url: "http://127.0.0.1:9", anonKey: "unused", serviceRoleKey: "unused", fetch: blackHole };
  const startedAt = performance.now();

  const health = await createCaller(createContextInner({ project })).health.check();

  expect(health).toMatchObject({ status: "degraded", database: "unreachable" });
  expect(performance.now() - startedAt).toBeLessThan(2_000);
});
