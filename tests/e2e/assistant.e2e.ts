import { randomUUID } from "node:crypto";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, expect, inject, test } from "vitest";
import { launchBrowser } from "./browser";
import { openPage, pageAs } from "./pages";

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

/** What the fake upstream (tests/support/chat-completions-server.ts) has seen so far. */
const upstreamStats = async (): Promise<{ requests: number; closedEarly: number }> =>
  (await fetch(`${inject("upstreamUrl")}/stats`)).json();

const answer = (page: Page) => page.getByTestId("message-assistant").last();

async function ask(page: Page, question: string) {
  await page.getByLabel("Your question").fill(question);
  await page.keyboard.press("Enter");
  await page.waitForURL(/\/assistant\?c=/);
}

test("a streamed answer appears word by word, and the conversation survives a reload", async () => {
  const page = await pageAs(browser, "bob");
  await openPage(page, `${inject("appUrl")}/assistant`);
  const question = `Tell me slowly about streams ${randomUUID().slice(0, 6)}`;
  await ask(page, question);

  await expect.poll(() => answer(page).textContent(), { timeout: 10_000 }).toContain("word3 ");
  // Part of the answer is on screen while the rest is still being written.
  expect(await answer(page).textContent()).not.toContain("word40");
  expect(await answer(page).getAttribute("aria-busy")).toBe("true");
  // The caret follows the last word, in the paragraph being written, and goes once it is done.
  const caret = answer(page).locator("p:last-child > span[aria-hidden]:last-child");
  expect(await caret.count()).toBe(1);
  await expect.poll(() => answer(page).textContent(), { timeout: 15_000 }).toContain("word40");
  await expect.poll(() => answer(page).getAttribute("aria-busy")).toBeNull();
  expect(await caret.count()).toBe(0);

  await page.reload();
  expect(await page.getByTestId("message-user").last().textContent()).toContain(question);
  expect(await answer(page).textContent()).toContain("word1 word2 word3");
  expect(await answer(page).textContent()).toContain("word40");
  expect(await page.getByTestId("message-note").count()).toBe(0);
  const sidebar = page.getByRole("navigation", { name: "Conversations" });
  expect(await sidebar.getByRole("link", { name: question }).getAttribute("aria-current")).toBe("page");
  await page.context().close();
});

test("Stop ends the answer, closes the upstream request and keeps what arrived", async () => {
  const page = await pageAs(browser, "bob");
  await openPage(page, `${inject("appUrl")}/assistant`);
  const before = await upstreamStats();
  await ask(page, `Count slowly ${randomUUID().slice(0, 6)}`);
  await expect.poll(() => answer(page).textContent(), { timeout: 10_000 }).toContain("word3 ");

  await page.getByRole("button", { name: "Stop" }).click();
  await expect.poll(async () => (await upstreamStats()).closedEarly).toBe(before.closedEarly + 1);
  await expect.poll(() => page.getByTestId("message-note").textContent()).toBe("Incomplete: Stopped.");
  const kept = await answer(page).textContent();
  expect(kept).not.toContain("word40");

  await page.reload();
  expect(await answer(page).textContent()).toBe(kept);
  expect(await page.getByTestId("message-note").textContent()).toBe("Incomplete: Stopped.");
  await page.context().close();
});

test("the budget left goes down; a new conversation starts over, the earlier one stays in the sidebar", async () => {
  const page = await pageAs(browser, "bob");
  await openPage(page, `${inject("appUrl")}/assistant`);
  const questionsLeft = async () =>
    Number(/(\d+) of \d+ questions/.exec((await page.getByTestId("budget-left").textContent()) ?? "")?.[1]);
  const before = await questionsLeft();
  const question = `Quick one ${randomUUID().slice(0, 6)}`;
  await ask(page, question);
  await expect.poll(() => answer(page).textContent()).toContain("Streams are Server-Sent Events.");
  // What is left of today's budget goes down with each answer.
  await expect.poll(() => questionsLeft()).toBe(before - 1);

  await page.getByRole("link", { name: "New conversation" }).click();
  await expect.poll(() => page.getByText("Ask your first question").count()).toBe(1);
  await page.getByRole("navigation", { name: "Conversations" }).getByRole("link", { name: question }).click();
  await expect.poll(() => answer(page).textContent()).toContain("Streams are Server-Sent Events.");
  await page.context().close();
});

/** Errors the page throws or logs (a render that throws, a hydration mismatch) and dialogs it opens. */
function trouble(page: Page) {
  const seen: string[] = [];
  page.on("pageerror", (error) => seen.push(`pageerror: ${error.message}`));
  page.on("console", (message) => {
    if (message.type() === "error") seen.push(`console: ${message.text()}`);
  });
  page.on("dialog", (dialog) => {
    seen.push(`dialog: ${dialog.message()}`);
    void dialog.dismiss();
  });
  return seen;
}

test("an answer's Markdown is rendered as it streams and after a reload; its raw HTML stays text", async () => {
  const page = await pageAs(browser, "bob");
  const seen = trouble(page);
  const images: string[] = [];
  page.on("request", (request) => {
    if (request.url().includes("images.example")) images.push(request.url());
  });
  await openPage(page, `${inject("appUrl")}/assistant`);
  await ask(page, `Show me Markdown ${randomUUID().slice(0, 6)}`);
  await expect.poll(() => answer(page).getAttribute("aria-busy"), { timeout: 10_000 }).toBeNull();

  for (const when of ["streamed", "reloaded"]) {
    if (when === "reloaded") await page.reload();
    const rendered = answer(page);
    expect(await rendered.locator("strong").textContent(), when).toBe("the short answer");
    expect(await rendered.locator("ul > li").allTextContents()).toEqual(["first point", "second point"]);
    expect(await rendered.locator("ol > li").allTextContents()).toEqual(["step one", "step two"]);
    expect(await rendered.locator("pre > code").textContent()).toContain("const subscription = trpc.assistant");
    expect(await rendered.locator("td").allTextContents()).toEqual(["tracked", "off"]);

    const link = rendered.getByRole("link", { name: "the tRPC docs" });
    expect(await link.getAttribute("href")).toBe("https://trpc.io/docs/client/react/useSubscription");
    expect(await link.getAttribute("target")).toBe("_blank");
    expect(await link.getAttribute("rel")).toBe("noopener noreferrer nofollow");
    // An address the URL check emptied is plain text, not a link to this page.
    expect(await rendered.locator('a[href^="javascript:"], a:not([href]), a[href=""]').count()).toBe(0);
    // Images are named, never fetched, and a linked one is no link inside a link.
    expect(await rendered.textContent()).toContain("the logo (https://images.example/logo.png)");
    expect(await rendered.locator("a a").count()).toBe(0);

    // The HTML is shown as the characters it is made of; no element of it exists.
    expect(await rendered.textContent()).toContain(
      "<img src=x onerror=alert(1)> and <script>alert(2)</script> stay text.",
    );
    expect(await rendered.locator("img, script").count()).toBe(0);
  }
  expect(seen).toEqual([]);
  expect(images).toEqual([]);
  await page.context().close();
});

test.each(["light", "dark"] as const)(
  "at 390 px in %s mode a long code line scrolls inside its block, not the page",
  async (colorScheme) => {
    const page = await pageAs(browser, "bob", { width: 390, height: 844 });
    await page.emulateMedia({ colorScheme });
    await openPage(page, `${inject("appUrl")}/assistant`);
    await ask(page, `Markdown on a phone ${randomUUID().slice(0, 6)}`);
    // The whole answer first: its last words, then the end of streaming.
    await expect.poll(() => answer(page).textContent(), { timeout: 15_000 }).toContain("stay text.");
    await expect.poll(() => answer(page).getAttribute("aria-busy"), { timeout: 10_000 }).toBeNull();

    // Polled: the finished answer replaces the streamed one in the list a moment after it ends.
    const scrolls = () =>
      answer(page)
        .locator("pre")
        .evaluate((pre) => pre.scrollWidth > pre.clientWidth);
    await expect.poll(scrolls).toBe(true);
    await expect.poll(() => page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    // Retried: the swap can still detach the answer while Playwright waits for it to be stable.
    const shot = () => answer(page).screenshot({ path: `test-results/390-assistant-markdown-${colorScheme}.png` });
    await expect
      .poll(() =>
        shot().then(
          () => true,
          () => false,
        ),
      )
      .toBe(true);
    await page.screenshot({ path: `test-results/390-assistant-markdown-${colorScheme}-page.png`, fullPage: true });
    await page.context().close();
  },
);
