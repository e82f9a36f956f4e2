import { randomUUID } from "node:crypto";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, expect, inject, test } from "vitest";
import { launchBrowser } from "./browser";
import { pageAs } from "./pages";

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

/** A new account signed up through the form: these tests change and end its sessions. */
async function newAccount() {
  const appUrl = inject("appUrl");
  const page = await pageAs(browser, "anon");
  const username = `acct_${randomUUID().slice(0, 8)}`;
  await page.goto(`${appUrl}/signup?next=/account`);
  await page.getByLabel("Username").fill(username);
  await page.getByLabel("Email").fill(`${username}@example.test`);
  await page.getByLabel("Password").fill("correct horse battery");
  await page.getByRole("button", { name: "Sign up" }).click();
  await page.waitForURL(`${appUrl}/account`);
  return { page, username };
}

test("a taken username lands on the username field; a free one is saved and shown in the header", async () => {
  const { page, username } = await newAccount();

  await page.getByLabel("Username").fill("alice");
  await page.getByRole("button", { name: "Save profile" }).click();
  await expect.poll(() => page.getByText("This username is taken").count()).toBe(1);
  expect(await page.evaluate(() => document.activeElement?.getAttribute("name"))).toBe("username");

  await page.getByLabel("Username").fill(`${username}_x`);
  await expect.poll(() => page.getByText("This username is taken").count()).toBe(0);
  await page.getByLabel("Display name").fill("Account Tester");
  await page.getByRole("button", { name: "Save profile" }).click();
  await expect.poll(() => page.getByTestId("signed-in-as").textContent()).toBe(`@${username}_x`);
  await page.reload();
  expect(await page.getByLabel("Display name").inputValue()).toBe("Account Tester");
  await page.context().close();
});

test("every rule a new password breaks is listed once, and goes when fixed", async () => {
  const { page } = await newAccount();

  await page.getByLabel("New password").fill("short");
  await page.getByLabel("Current password").focus();
  await expect.poll(() => page.getByText("Use at least 8 characters").count()).toBe(1);
  await page.getByLabel("New password").fill("long enough now");
  await expect.poll(() => page.getByText("Use at least 8 characters").count()).toBe(0);

  await page.getByLabel("Current password").fill("not my password");
  await page.getByRole("button", { name: "Change password" }).click();
  await expect.poll(() => page.getByText("This is not your current password").count()).toBe(1);
  await page.context().close();
});

test("sign out everywhere ends the session in every browser of the account", async () => {
  const { page } = await newAccount();
  const appUrl = inject("appUrl");
  // A second browser holding the same account's session cookies.
  const other = await browser.newContext();
  await other.addCookies(await page.context().cookies());
  const otherPage = await other.newPage();
  await otherPage.goto(`${appUrl}/todos`);
  expect(new URL(otherPage.url()).pathname).toBe("/todos");

  await page.getByRole("button", { name: "Sign out everywhere" }).click();
  await page.waitForURL(`${appUrl}/login`);

  // Its session is revoked: the other browser's still-unexpired access token is refused at once
  // for writes (reads within the liveness cache's 15 s, see the README's Security section).
  await otherPage.getByLabel("New to-do").fill("written after sign-out");
  await otherPage.getByRole("button", { name: "Add" }).click();
  await expect.poll(() => otherPage.getByText("Could not add “written after sign-out”").count()).toBe(1);
  await expect.poll(() => otherPage.getByTestId("todo").filter({ hasText: "written after sign-out" }).count()).toBe(0);
  await page.context().close();
  await other.close();
});
