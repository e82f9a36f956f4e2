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

/** Every request the page makes to the tRPC API from now on, by procedure path. */
export function trpcRequests(page: Page) {
  const paths: string[] = [];
  page.on("request", (request) => {
    const { pathname } = new URL(request.url());
    if (pathname.startsWith("/api/trpc/")) paths.push(pathname.slice("/api/trpc/".length));
  });
  return paths;
}
