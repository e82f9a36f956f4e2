import { expect, test } from "vitest";
import { createContextInner } from "~/server/context";
import { createCaller } from "~/server/routers/_app";
import packageJson from "../../../package.json" with { type: "json" };

test("health.check reports ok with the app's version and the process uptime", async () => {
  const caller = createCaller(createContextInner());

  const health = await caller.health.check();

  expect(health.status).toBe("ok");
  expect(health.version).toBe(packageJson.version);
  expect(health.uptimeSeconds).toBe(Math.round(process.uptime()));
  expect(Math.abs(health.time.getTime() - Date.now())).toBeLessThan(5_000);
});
