import { randomUUID } from "node:crypto";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, expect, inject, test } from "vitest";
import { launchBrowser } from "./browser";
import { liveStreams, pageAs, trpcRequests } from "./pages";

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

/** Opens `path` and waits until its live stream says it is connected. */
async function openLive(page: Page, path: string) {
  const streams = liveStreams(page);
  await page.goto(`${inject("appUrl")}${path}`);
  await expect
    .poll(() =>
      page
        .getByRole("status")
        .filter({ hasText: /^Live$/ })
        .count(),
    )
    .toBe(1);
  return streams;
}

/** How long `check` took to come true, polling every 50 ms, failing after 5 s. */
async function msUntil(check: () => Promise<boolean>) {
  const started = Date.now();
  await expect.poll(check, { interval: 50, timeout: 5_000 }).toBe(true);
  return Date.now() - started;
}

test("an item posted in one browser appears in another within 2 s, without a reload; so does its deletion", async () => {
  const alice = await pageAs(browser, "alice");
  const visitor = await pageAs(browser, "anon");
  await openLive(alice, "/");
  const streams = await openLive(visitor, "/");
  const requests = trpcRequests(visitor);
  const title = `Live from Alice ${randomUUID().slice(0, 6)}`;
  const onVisitorsBoard = () => visitor.getByRole("article").filter({ hasText: title });

  await alice.getByLabel("Title").fill(title);
  await alice.getByRole("button", { name: "Post" }).click();
  const appearedAfter = await msUntil(async () => (await onVisitorsBoard().count()) === 1);
  expect(appearedAfter).toBeLessThan(2_000);
  expect(await onVisitorsBoard().first().textContent()).toContain("alice");

  await alice.getByRole("button", { name: `Delete “${title}”` }).click();
  expect(await msUntil(async () => (await onVisitorsBoard().count()) === 0)).toBeLessThan(2_000);
  // The visitor's page learned both from its one stream, without fetching anything.
  expect(streams.map((path) => path.split("?")[0])).toEqual(["item.onChange"]);
  expect(requests).toEqual([]);
  await alice.context().close();
  await visitor.context().close();
});

test("a second tab of the same user sees a to-do added and toggled in the first", async () => {
  const first = await pageAs(browser, "bob");
  const second = await first.context().newPage();
  await openLive(first, "/todos");
  await openLive(second, "/todos");
  const title = `Two tabs ${randomUUID().slice(0, 6)}`;
  const row = (page: Page) => page.getByTestId("todo").filter({ hasText: title });

  await first.getByLabel("New to-do").fill(title);
  await first.getByRole("button", { name: "Add" }).click();
  expect(await msUntil(async () => (await row(second).count()) === 1)).toBeLessThan(2_000);

  await expect.poll(() => row(first).getAttribute("aria-busy")).toBeNull();
  await row(first).getByRole("checkbox").click();
  expect(await msUntil(() => row(second).getByRole("checkbox").isChecked())).toBeLessThan(2_000);
  await first.context().close();
});
