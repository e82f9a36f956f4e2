import type { Browser } from "playwright-core";
import { afterAll, beforeAll, expect, inject, test } from "vitest";
import packageJson from "../../package.json" with { type: "json" };
import { launchBrowser } from "./browser";
import { openPage, pageAs, trpcRequests } from "./pages";

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

const firstPaints = [
  ["/", "anon", "Board"],
  ["/status", "anon", "Status"],
  ["/", "alice", "Board"],
  ["/todos", "alice", "To-dos"],
  ["/assistant", "alice", "Assistant"],
  ["/account", "alice", "Account"],
  ["/admin", "admin", "Admin"],
  ["/admin/inbox", "admin", "Inbox"],
  ["/contact", "anon", "Contact"],
] as const;

test.each(firstPaints)(
  "%s as %s: the first paint has its data and makes 0 /api/trpc requests",
  async (path, user, heading) => {
    const page = await pageAs(browser, user);
    const requests = trpcRequests(page);

    await openPage(page, `${inject("appUrl")}${path}`);

    expect(await page.getByRole("heading", { level: 1 }).textContent()).toBe(heading);
    expect(await page.getByRole("status", { name: "Loading" }).count()).toBe(0);
    expect(requests).toEqual([]);
    await page.context().close();
  },
);

test("the status page shows health.check's answer, rendered on the server", async () => {
  const html = await (await fetch(`${inject("appUrl")}/status`)).text();
  const card = /<dl data-testid="health"[^>]*>(.*?)<\/dl>/s.exec(html)?.[1] ?? "";
  expect(card).toContain(`<dd>${packageJson.version}</dd>`);
  expect(card).toContain("<dd>ok</dd>");
});

test("a signed-out visitor is sent to sign in, then back to the page they asked for", async () => {
  const page = await pageAs(browser, "anon");
  const appUrl = inject("appUrl");

  await page.goto(`${appUrl}/todos?filter=active`);
  expect(new URL(page.url()).pathname).toBe("/login");
  expect(new URL(page.url()).searchParams.get("next")).toBe("/todos?filter=active");

  await page.getByLabel("Email").fill("bob@example.com");
  await page.getByLabel("Password").fill("password123");
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.waitForURL(`${appUrl}/todos?filter=active`);
  expect(await page.getByRole("link", { name: "Active" }).getAttribute("aria-current")).toBe("page");
  await page.context().close();
});

test("/admin does not exist for a user; /login and /signup send a signed-in user on", async () => {
  const page = await pageAs(browser, "alice");
  const appUrl = inject("appUrl");

  expect((await page.goto(`${appUrl}/admin`))?.status()).toBe(404);
  await page.goto(`${appUrl}/login?next=/todos`);
  expect(new URL(page.url()).pathname).toBe("/todos");
  await page.goto(`${appUrl}/signup?next=//evil.example`);
  expect(page.url()).toBe(`${appUrl}/`);
  await page.goto(`${appUrl}/login?next=/%09/evil.example`);
  expect(page.url()).toBe(`${appUrl}/`);
  await page.context().close();
});

const narrowPages = [
  ["/", "admin"],
  ["/todos", "admin"],
  ["/assistant", "admin"],
  ["/account", "admin"],
  ["/admin", "admin"],
  ["/login", "anon"],
  ["/signup", "anon"],
] as const;

test.each(narrowPages)("%s as %s at 390 px wide has no horizontal overflow", async (path, user) => {
  const page = await pageAs(browser, user, { width: 390, height: 844 });
  await openPage(page, `${inject("appUrl")}${path}`);

  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  // Every link of the nav in view, none cut off at the edge or scrolled out of sight.
  const links = await page.getByRole("navigation", { name: "Main" }).getByRole("link").all();
  for (const link of links) {
    const box = await link.boundingBox();
    expect(box !== null && box.x >= 0 && box.x + box.width <= 390, (await link.textContent()) ?? "").toBe(true);
  }
  await page.screenshot({
    path: `test-results/390${path === "/" ? "-board" : path.replace("/", "-")}.png`,
    fullPage: true,
  });
  await page.context().close();
});

// On a phone an admin's six links take a second row (Header.tsx); a user's four fit in one.
test.each([
  [1280, "admin"],
  [700, "admin"],
  [390, "alice"],
] as const)("the header is as tall signed in as signed out, at %s px as %s", async (width, signedIn) => {
  const heights: number[] = [];
  for (const user of ["anon", signedIn] as const) {
    const page = await pageAs(browser, user, { width, height: 800 });
    await page.goto(inject("appUrl"));
    heights.push((await page.getByRole("banner").boundingBox())?.height ?? 0);
    await page.context().close();
  }
  expect(heights[0]).toBeGreaterThan(0);
  expect(heights[1]).toBe(heights[0]);
});
