import type { Browser, Page } from "playwright-core";
import { inject } from "vitest";
import type { DemoUser } from "./global-setup";

/** A page in a fresh browser context, signed in as a seeded demo user (or anon). */
export async function pageAs(browser: Browser, user: DemoUser | "anon", viewport = { width: 1280, height: 900 }) {
  const appUrl = inject("appUrl");
  const context = await browser.newContext({ viewport });
  if (user !== "anon") {
    const { accessToken, refreshToken } = inject("sessions")[user];
    await context.addCookies([
      { name: "sb-access-token", value: accessToken, url: appUrl, httpOnly: true, sameSite: "Lax" },
      { name: "sb-refresh-token", value: refreshToken, url: appUrl, httpOnly: true, sameSite: "Lax" },
    ]);
  }
  return context.newPage();
}

/** The answer to the next call of `procedure`: what a reload may rely on having been saved. */
export const saved = (page: Page, procedure: string) =>
  page.waitForResponse((response) => new URL(response.url()).pathname.includes(procedure));

/**
 * Every query or mutation the page sends to the tRPC API from now on, by procedure path.
 * Live-update streams (Server-Sent Events, opened once the page is interactive) carry no
 * page data and are listed by `liveStreams` instead.
 */
export function trpcRequests(page: Page) {
  return apiRequests(page, (isStream) => !isStream);
}

/** Every live-update stream the page opens from now on, by procedure path. */
export function liveStreams(page: Page) {
  return apiRequests(page, (isStream) => isStream);
}

function apiRequests(page: Page, wanted: (isStream: boolean) => boolean) {
  const paths: string[] = [];
  page.on("request", (request) => {
    const { pathname } = new URL(request.url());
    const isStream = request.headers().accept === "text/event-stream";
    if (pathname.startsWith("/api/trpc/") && wanted(isStream)) paths.push(pathname.slice("/api/trpc/".length));
  });
  return paths;
}

/**
 * Loads a page and waits until it is interactive and quiet. Not Playwright's "networkidle":
 * a page with live updates keeps its event stream open for as long as it is shown.
 */
export async function openPage(page: Page, url: string) {
  await page.goto(url, { waitUntil: "load" });
  // Hydration and anything the page would fetch on mount start well within this.
  await page.waitForTimeout(1_000);
}
