import { expect, test } from "vitest";
import packageJson from "../../../package.json" with { type: "json" };
import { createTestKit } from "../../support/callers";

test("health.check reports ok with the app's version and the process uptime", async () => {
  const kit = await createTestKit();
  const anon = await kit.callerFor("anon");

  const health = await anon.caller.health.check();

  expect(health.status).toBe("ok");
  expect(health.version).toBe(packageJson.version);
  expect(health.uptimeSeconds).toBe(Math.round(process.uptime()));
  expect(Math.abs(health.time.getTime() - Date.now())).toBeLessThan(5_000);
});
