import type { Browser, Page } from "playwright-core";
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

const roleOf = (page: Page, username: string) =>
  page
    .getByTestId("user-row")
    .filter({ hasText: `@${username}` })
    .locator("td")
    .nth(1)
    .textContent();

test("an admin promotes bob and demotes him again; the last admin is told why they cannot step down", async () => {
  const page = await pageAs(browser, "admin");
  await page.goto(`${inject("appUrl")}/admin`);

  await page.getByRole("button", { name: "Promote @bob" }).click();
  await expect.poll(() => page.getByText("Promoted to admin").count()).toBe(1);
  await expect.poll(() => roleOf(page, "bob")).toBe("admin");

  await page.getByRole("button", { name: "Demote @bob" }).click();
  await expect.poll(() => page.getByText("Demoted to user").count()).toBe(1);
  await expect.poll(() => roleOf(page, "bob")).toBe("user");

  await page.getByRole("button", { name: "Demote @admin" }).click();
  await expect.poll(() => page.getByText("Promote another admin first: this is the last one").count()).toBe(1);
  expect(await roleOf(page, "admin")).toBe("admin");
  await page.context().close();
});
