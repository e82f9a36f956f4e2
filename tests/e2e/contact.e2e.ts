import { randomUUID } from "node:crypto";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, expect, inject, test } from "vitest";
import { launchBrowser } from "./browser";
import { openPage, pageAs, trpcRequests } from "./pages";

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

test("a visitor's message reaches the admin inbox, with the unread badge on first paint", async () => {
  const appUrl = inject("appUrl");
  const visitor = await pageAs(browser, "anon");
  const subject = `Question ${randomUUID().slice(0, 6)}`;
  await visitor.goto(`${appUrl}/contact`);
  await visitor.getByLabel("Name").fill("Curious Cat");
  await visitor.getByLabel("Email").fill("cat@example.test");
  await visitor.getByLabel("Subject").fill(subject);
  await visitor.getByLabel("Message").fill("Which way should I go from here?");
  // A person takes a few seconds; faster is treated as a bot (and silently dropped).
  await visitor.waitForTimeout(3_200);
  await visitor.getByRole("button", { name: "Send message" }).click();
  await expect.poll(() => visitor.getByText("Message sent").count()).toBe(1);
  expect(await visitor.getByLabel("Subject").inputValue()).toBe("");

  const admin = await pageAs(browser, "admin");
  const requests = trpcRequests(admin);
  await openPage(admin, `${appUrl}/admin/inbox?filter=unread`);
  expect(requests).toEqual([]);
  const unread = Number(await admin.getByTestId("unread-count").textContent());
  expect(unread).toBeGreaterThanOrEqual(1);

  const message = admin.getByTestId("message").filter({ hasText: subject });
  expect(await message.textContent()).toContain("cat@example.test");
  await message.getByRole("button", { name: "Mark read" }).click();
  await expect.poll(() => message.count()).toBe(0);
  await expect
    .poll(async () => Number((await admin.getByTestId("unread-count").allTextContents())[0] ?? 0))
    .toBe(unread - 1);
  await visitor.context().close();
  await admin.context().close();
});

test("an admin with the inbox open sees a new message and the badge go up, without a reload", async () => {
  const appUrl = inject("appUrl");
  const admin = await pageAs(browser, "admin");
  await admin.goto(`${appUrl}/admin/inbox`);
  await expect.poll(() => admin.getByTestId("unread-count").count()).toBeGreaterThan(0);
  const unreadBefore = Number(await admin.getByTestId("unread-count").first().textContent());
  const visitor = await pageAs(browser, "anon");
  const subject = `Live question ${randomUUID().slice(0, 6)}`;
  await visitor.goto(`${appUrl}/contact`);
  await visitor.getByLabel("Name").fill("March Hare");
  await visitor.getByLabel("Email").fill("hare@example.test");
  await visitor.getByLabel("Subject").fill(subject);
  await visitor.getByLabel("Message").fill("Have some wine.");
  await visitor.waitForTimeout(3_200);
  await visitor.getByRole("button", { name: "Send message" }).click();
  await expect.poll(() => visitor.getByText("Message sent").count()).toBe(1);

  const message = admin.getByTestId("message").filter({ hasText: subject });
  await expect.poll(() => message.count(), { timeout: 3_000 }).toBe(1);
  await expect
    .poll(async () => Number(await admin.getByTestId("unread-count").first().textContent()))
    .toBe(unreadBefore + 1);
  await visitor.context().close();
  await admin.context().close();
});

test("a signed-in sender has name and e-mail filled in; empty fields are listed", async () => {
  const bob = await pageAs(browser, "bob");
  await bob.goto(`${inject("appUrl")}/contact`);
  expect(await bob.getByLabel("Name").inputValue()).toBe("Bob Builder");
  expect(await bob.getByLabel("Email").inputValue()).toBe("bob@example.com");

  await bob.getByRole("button", { name: "Send message" }).click();
  await expect.poll(() => bob.getByText("Enter a subject").count()).toBe(1);
  expect(await bob.getByText("Enter a message").count()).toBe(1);
  await bob.context().close();
});
