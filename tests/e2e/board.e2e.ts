import { randomUUID } from "node:crypto";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, expect, inject, test } from "vitest";
import { launchBrowser } from "./browser";
import { pageAs, saved } from "./pages";

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

test("a post appears at the top of the board, with its author, for another visitor too", async () => {
  const appUrl = inject("appUrl");
  const alice = await pageAs(browser, "alice");
  const visitor = await pageAs(browser, "anon");
  const title = `Hello from e2e ${randomUUID().slice(0, 6)}`;

  await alice.goto(appUrl);
  await alice.getByLabel("Title").fill(title);
  await alice.getByLabel("Message").fill("Posted through the tRPC hook.");
  await alice.getByRole("button", { name: "Post" }).click();

  const first = alice.getByRole("article").first();
  await expect.poll(() => first.getByRole("heading").textContent()).toBe(title);
  await expect.poll(() => first.getAttribute("aria-busy")).toBeNull();
  expect(await first.textContent()).toContain("@alice");
  // The saved post takes focus, so a keyboard user lands on what they just made.
  await expect.poll(() => alice.evaluate(() => document.activeElement?.tagName)).toBe("ARTICLE");
  expect(await alice.getByLabel("Title").inputValue()).toBe("");

  await visitor.goto(appUrl);
  expect(await visitor.getByRole("article").first().getByRole("heading").textContent()).toBe(title);
  expect(await visitor.getByRole("button", { name: `Delete “${title}”` }).count()).toBe(0);
  await alice.context().close();
  await visitor.context().close();
});

test("a post that breaks the rules shows the field's message and loses nothing typed", async () => {
  const bob = await pageAs(browser, "bob");
  await bob.goto(inject("appUrl"));

  await bob.getByLabel("Title").fill("   ");
  await bob.getByLabel("Message").fill("This text must survive.");
  await bob.getByRole("button", { name: "Post" }).click();

  await expect.poll(() => bob.getByText("Enter a title").count()).toBe(1);
  expect(await bob.getByLabel("Title").getAttribute("aria-invalid")).toBe("true");
  expect(await bob.evaluate(() => document.activeElement?.getAttribute("name"))).toBe("title");
  expect(await bob.getByLabel("Message").inputValue()).toBe("This text must survive.");

  await bob.getByLabel("Title").fill("Fixed");
  await expect.poll(() => bob.getByText("Enter a title").count()).toBe(0);
  await bob.context().close();
});

test("an admin deletes someone else's post from the board", async () => {
  const appUrl = inject("appUrl");
  const bob = await pageAs(browser, "bob");
  const admin = await pageAs(browser, "admin");
  const title = `To be moderated ${randomUUID().slice(0, 6)}`;
  await bob.goto(appUrl);
  await bob.getByLabel("Title").fill(title);
  await bob.getByRole("button", { name: "Post" }).click();
  await expect.poll(() => bob.getByRole("article").first().getAttribute("aria-busy")).toBeNull();

  await admin.goto(`${appUrl}/admin`);
  const deleting = saved(admin, "item.delete");
  await admin.getByRole("button", { name: `Delete “${title}”` }).click();
  await expect.poll(() => admin.getByRole("heading", { name: title }).count()).toBe(0);
  // The row goes at once (optimistic); only the server's answer says it is gone for bob too.
  expect((await deleting).ok()).toBe(true);

  await bob.reload();
  expect(await bob.getByRole("heading", { name: title }).count()).toBe(0);
  await bob.context().close();
  await admin.context().close();
});
