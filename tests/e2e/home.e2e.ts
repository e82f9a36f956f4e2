import type { Browser } from "playwright-core";
import { afterAll, beforeAll, expect, inject, test } from "vitest";
import packageJson from "../../package.json" with { type: "json" };
import { launchBrowser } from "./browser";

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

test("the home page shows health.check's answer, fetched by the browser through the tRPC hook", async () => {
  const page = await browser.newPage();
  const calls: string[] = [];
  page.on("request", (request) => calls.push(new URL(request.url()).pathname));

  await page.goto(inject("appUrl"));
  const health = page.getByTestId("health");
  await health.waitFor();

  expect(await health.textContent()).toContain("ok");
  expect(await health.textContent()).toContain(packageJson.version);
  expect(calls).toContain("/api/trpc/health.check");
  await page.screenshot({ path: "test-results/home.png" });
});
