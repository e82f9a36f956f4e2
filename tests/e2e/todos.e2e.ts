import { randomUUID } from "node:crypto";
import type { Browser, Dialog, Page } from "playwright-core";
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

const row = (page: Page, title: string) => page.getByTestId("todo").filter({ hasText: title });

/** A request handler awaits `held`; the test calls `release` once it has seen what it checks. */
function gate() {
  let release = () => {};
  const held = new Promise<void>((resolve) => {
    release = resolve;
  });
  return { held, release };
}

async function addTodo(page: Page, title: string) {
  await page.getByLabel("New to-do").fill(title);
  await page.getByRole("button", { name: "Add" }).click();
  await expect.poll(() => row(page, title).getAttribute("aria-busy")).toBeNull();
}

test("add, toggle, rename and delete a to-do; a reload keeps every change", async () => {
  const page = await pageAs(browser, "bob");
  await page.goto(`${inject("appUrl")}/todos`);
  const title = `Buy paint ${randomUUID().slice(0, 6)}`;
  const left = async () => Number.parseInt((await page.getByTestId("todos-left").textContent()) ?? "", 10);
  const before = await left();

  await addTodo(page, title);
  expect(await left()).toBe(before + 1);
  // The input keeps focus: the next to-do can be typed straight away.
  expect(await page.evaluate(() => document.activeElement?.id)).toBe("new-todo");

  // click, not check(): the optimistic update lands a tick after the click, not within it.
  const toggling = saved(page, "todo.update");
  await row(page, title).getByRole("checkbox").click();
  await expect.poll(() => row(page, title).getByRole("checkbox").isChecked()).toBe(true);
  await expect.poll(() => left()).toBe(before);
  expect((await toggling).ok()).toBe(true);

  await row(page, title)
    .getByRole("button", { name: `Rename “${title}”` })
    .click();
  const renamed = `${title} (blue)`;
  await page.getByRole("textbox", { name: `Rename “${title}”` }).fill(renamed);
  const renaming = saved(page, "todo.update");
  await page.keyboard.press("Enter");
  await expect.poll(() => row(page, renamed).count()).toBe(1);
  // The change shows at once (optimistic); a reload before the server has it would undo it.
  expect((await renaming).ok()).toBe(true);

  await page.reload();
  expect(await row(page, renamed).getByRole("checkbox").isChecked()).toBe(true);

  await page.goto(`${inject("appUrl")}/todos?filter=active`);
  expect(await row(page, renamed).count()).toBe(0);
  await page.getByRole("link", { name: "Done" }).click();
  await expect.poll(() => row(page, renamed).count()).toBe(1);
  expect(new URL(page.url()).searchParams.get("filter")).toBe("done");

  const deleting = saved(page, "todo.delete");
  await row(page, renamed)
    .getByRole("button", { name: `Delete “${renamed}”` })
    .click();
  await expect.poll(() => row(page, renamed).count()).toBe(0);
  expect((await deleting).ok()).toBe(true);
  await page.reload();
  expect(await row(page, renamed).count()).toBe(0);
  await page.context().close();
});

test("leaving while a change is still being saved asks first; once it is saved, nothing asks", async () => {
  const page = await pageAs(browser, "bob");
  await page.goto(`${inject("appUrl")}/todos`);
  const title = `Unsaved ${randomUUID().slice(0, 6)}`;
  await addTodo(page, title);
  const { held, release } = gate();
  await page.route("**/api/trpc/todo.delete**", async (route) => {
    await held;
    await route.continue();
  });

  await row(page, title)
    .getByRole("button", { name: `Delete “${title}”` })
    .click();
  await expect.poll(() => row(page, title).count()).toBe(0);
  const asked = new Promise<Dialog | null>((resolve) => {
    page.once("dialog", resolve);
    setTimeout(() => resolve(null), 10_000);
  });
  // Stays pending: dismissing the dialog cancels the reload.
  void page.reload().catch(() => {});
  const dialog = await asked;
  expect(dialog?.type()).toBe("beforeunload");
  await dialog?.dismiss();

  const deleting = saved(page, "todo.delete");
  release();
  expect((await deleting).ok()).toBe(true);
  // The guard lets go once the mutation has settled, a tick after its answer.
  const wouldAsk = () =>
    page.evaluate(() => {
      const leaving = new Event("beforeunload", { cancelable: true });
      window.dispatchEvent(leaving);
      return leaving.defaultPrevented;
    });
  await expect.poll(wouldAsk).toBe(false);
  let askedAgain = false;
  page.on("dialog", (again) => {
    askedAgain = true;
    void again.accept();
  });
  await page.reload();
  expect(askedAgain).toBe(false);
  expect(await row(page, title).count()).toBe(0);
  await page.context().close();
});

test("a toggle the server refuses is rolled back, with a toast saying what failed", async () => {
  const page = await pageAs(browser, "bob");
  await page.goto(`${inject("appUrl")}/todos`);
  const title = `Refused ${randomUUID().slice(0, 6)}`;
  await addTodo(page, title);

  // Held until the test has seen the optimistic tick, then refused.
  const { held, release } = gate();
  await page.route("**/api/trpc/todo.update**", async (route) => {
    await held;
    await route.fulfill({
      status: 500,
      contentType: "application/json",
      body: JSON.stringify([
        {
          error: {
            json: { message: "Server refused", code: -32603, data: { code: "INTERNAL_SERVER_ERROR", httpStatus: 500 } },
          },
        },
      ]),
    });
  });
  // The refetch after settling is held too: only the rollback itself can untick the box.
  const refetches: (() => Promise<void>)[] = [];
  await page.route("**/api/trpc/todo.list**", (route) => {
    refetches.push(() => route.continue());
  });
  await row(page, title).getByRole("checkbox").click();
  await expect.poll(() => row(page, title).getByRole("checkbox").isChecked()).toBe(true);
  release();

  await expect.poll(() => page.getByText("Could not mark the to-do done").count()).toBe(1);
  await expect.poll(() => row(page, title).getByRole("checkbox").isChecked()).toBe(false);
  await page.unroute("**/api/trpc/todo.list**");
  await Promise.all(refetches.map((proceed) => proceed()));
  await page.unroute("**/api/trpc/todo.update**");
  await page.reload();
  expect(await row(page, title).getByRole("checkbox").isChecked()).toBe(false);
  await page.context().close();
});

test("with the network gone after the page went idle, a failed change still says so in a toast", async () => {
  const page = await pageAs(browser, "bob");
  await page.goto(`${inject("appUrl")}/todos`);
  const title = `Offline ${randomUUID().slice(0, 6)}`;
  await addTodo(page, title);
  // The toaster is loaded in idle time, not with the first paint; it is there before it is needed.
  await expect.poll(() => page.locator('section[aria-label^="Notifications"]').count()).toBe(1);

  // Every request fails from now on, the toaster's own code too had it not been loaded yet.
  // (Not setOffline: TanStack Query holds mutations while the browser says it is offline.)
  await page.route("**/*", (route) => route.abort("internetdisconnected"));
  await row(page, title).getByRole("checkbox").click();

  await expect.poll(() => page.getByText("Could not mark the to-do done").count()).toBe(1);
  await expect.poll(() => row(page, title).getByRole("checkbox").isChecked()).toBe(false);
  await page.context().close();
});

test("a list that fails to load says so and loads on retry", async () => {
  const page = await pageAs(browser, "alice");
  await page.goto(`${inject("appUrl")}/todos`);
  await page.route("**/api/trpc/todo.list**", (route) => route.fulfill({ status: 503, body: "unavailable" }));

  await page.getByRole("link", { name: "Done" }).click();
  await expect.poll(() => page.getByText("Your to-dos could not be loaded").count(), { timeout: 15_000 }).toBe(1);

  await page.unroute("**/api/trpc/todo.list**");
  await page.getByRole("button", { name: "Try again" }).click();
  await expect.poll(() => row(page, "Follow the white rabbit").count()).toBe(1);
  await page.context().close();
});
