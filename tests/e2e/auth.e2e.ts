import { randomUUID } from "node:crypto";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, expect, inject, test } from "vitest";
import { launchBrowser } from "./browser";

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

test("sign up, see the username in the header, reload still signed in, sign out", async () => {
  const appUrl = inject("appUrl");
  const page = await browser.newPage();
  const username = `e2e_${randomUUID().slice(0, 8)}`;

  await page.goto(`${appUrl}/signup`);
  await page.getByLabel("Username").fill(username);
  await page.getByLabel("Email").fill(`${username}@example.test`);
  await page.getByLabel("Password").fill("correct horse battery");
  await page.getByRole("button", { name: "Sign up" }).click();

  await page.waitForURL(`${appUrl}/`);
  await expect.poll(() => page.getByTestId("signed-in-as").textContent()).toBe(`@${username}`);

  const cookies = await page.context().cookies();
  expect(cookies.find((cookie) => cookie.name === "sb-access-token")).toMatchObject({
    httpOnly: true,
    sameSite: "Lax",
  });
  expect(await page.evaluate(() => document.cookie)).not.toContain("sb-");

  // Server-rendered from the cookies: the header is right in the HTML, before any JavaScript.
  const html = await (await page.request.get(`${appUrl}/`)).text();
  expect(html).toContain(`@${username}`);
  await page.reload();
  expect(await page.getByTestId("signed-in-as").textContent()).toBe(`@${username}`);

  await page.getByRole("button", { name: "Sign out" }).click();
  await expect.poll(() => page.getByRole("banner").getByRole("link", { name: "Sign in" }).isVisible()).toBe(true);
  await page.reload();
  expect(await page.getByTestId("signed-in-as").count()).toBe(0);
});

test("an unknown e-mail shows the same message a wrong password gets", async () => {
  const appUrl = inject("appUrl");
  const page = await browser.newPage();

  await page.goto(`${appUrl}/login`);
  await page.getByLabel("Email").fill("nobody@example.test");
  await page.getByLabel("Password").fill("not the password");
  await page.getByRole("button", { name: "Sign in" }).click();

  await expect.poll(() => page.locator("main").getByRole("alert").textContent()).toBe("Email or password is incorrect");
});
