import { beforeAll, describe, expect, test } from "vitest";
import { MIN_FILL_MS } from "~/server/routers/contact";
import { createTestKit } from "../../support/callers";
import { fieldErrorsOf, outcomeOf } from "../../support/outcome";

let kit: Awaited<ReturnType<typeof createTestKit>>;
let admin: Awaited<ReturnType<typeof kit.callerFor>>;
beforeAll(async () => {
  kit = await createTestKit();
  admin = await kit.callerFor("admin");
});

type Sender = Awaited<ReturnType<typeof kit.callerFor>>;

/** A message from a form opened `openedMsAgo` before sending. */
const message = (sender: Sender, overrides: Record<string, string> = {}, openedMsAgo = MIN_FILL_MS + 1_000) => ({
  name: "Ada",
  email: "ada@example.test",
  subject: "Hello",
  message: `A question ${Math.random()}`,
  website: "",
  formToken: sender.ctx.formTokens.issue(Date.now() - openedMsAgo),
  ...overrides,
});

async function stored(text: string) {
  const { data } = await kit.admin.from("contact_messages").select("id, subject, status").eq("message", text);
  return data ?? [];
}

describe("sending", () => {
  test("a signed-in sender's message is stored, and they cannot read it back", async () => {
    const sender = await kit.callerFor("user");
    const input = message(sender);

    expect(await sender.caller.contact.send(input)).toEqual({ sent: true });

    expect(await stored(input.message)).toMatchObject([{ subject: "Hello", status: "new" }]);
    const { data } = await sender.ctx.supabase.from("contact_messages").select("id");
    expect(data).toEqual([]);
    expect(await outcomeOf(sender.caller.contact.list({}))).toBe("FORBIDDEN");
  });

  test.each([
    ["the honeypot is filled", { website: "https://spam.example" }, MIN_FILL_MS + 1_000],
    ["the form was sent too fast", {}, 200],
    ["the form token is forged", { formToken: `${Date.now() - 60_000}.forged` }, 0],
    ["the form token is from tomorrow", {}, -86_400_000],
  ])("spam looks sent but is not stored when %s", async (_, overrides, openedMsAgo) => {
    const sender = await kit.callerFor("user");
    const input = message(sender, overrides, openedMsAgo);

    expect(await sender.caller.contact.send(input)).toEqual({ sent: true });
    expect(await stored(input.message)).toEqual([]);
  });

  test("the 6th message within an hour is TOO_MANY_REQUESTS, saying when to try again", async () => {
    const sender = await kit.callerFor("user");
    for (let sent = 0; sent < 5; sent++) await sender.caller.contact.send(message(sender));
    const error = await sender.caller.contact.send(message(sender)).catch((thrown) => thrown);
    expect(error.code).toBe("TOO_MANY_REQUESTS");
    expect(error.message).toMatch(/Try again in \d+ s/);
  });

  const edges: [string, Record<string, string>, string | null][] = [
    ["a name of 100 characters", { name: "n".repeat(100) }, null],
    ["a name of 101 characters", { name: "n".repeat(101) }, "name"],
    ["a whitespace-only name", { name: "   " }, "name"],
    ["an invalid e-mail", { email: "ada.example.test" }, "email"],
    ["a subject of 150 characters", { subject: "s".repeat(150) }, null],
    ["a subject of 151 characters", { subject: "s".repeat(151) }, "subject"],
    ["an empty subject", { subject: "" }, "subject"],
    ["a message of 5000 characters", { message: "m".repeat(5000) }, null],
    ["a message of 5001 characters", { message: "m".repeat(5001) }, "message"],
    ["a NUL byte in the message", { message: "a\u0000b" }, "message"],
    ["a NUL byte in the name", { name: "A\u0000" }, "name"],
    ["unicode", { name: "Zoë 李", subject: "Grüße 👋", message: "¿Qué tal?" }, null],
  ];
  test.each(edges)("%s", async (_, overrides, field) => {
    const sender = await kit.callerFor("user");
    const call = sender.caller.contact.send(message(sender, overrides));
    if (field === null) expect(await call).toEqual({ sent: true });
    else expect(Object.keys((await fieldErrorsOf(call)).fieldErrors)).toEqual([field]);
  });
});

describe("the inbox is for admins", () => {
  test.each([
    ["anon", "UNAUTHORIZED"],
    ["user", "FORBIDDEN"],
    ["admin", "OK"],
  ] as const)("%s -> %s for every inbox procedure", async (kind, outcome) => {
    const { caller } = kind === "admin" ? admin : await kit.callerFor(kind);
    const { data } = await kit.admin
      .from("contact_messages")
      .insert({ name: "V", email: "v@example.test", subject: "S", message: "m" })
      .select("id")
      .single();
    const id = data?.id ?? 0;
    expect(await outcomeOf(caller.contact.list({}))).toBe(outcome);
    expect(await outcomeOf(caller.contact.unreadCount())).toBe(outcome);
    expect(await outcomeOf(caller.contact.setStatus({ id, status: "read" }))).toBe(outcome);
    expect(await outcomeOf(caller.contact.delete({ id }))).toBe(outcome);
  });

  test("read, unread, archive and delete move a message between the views and the count", async () => {
    const sender = await kit.callerFor("user");
    const input = message(sender);
    await sender.caller.contact.send(input);
    const [row] = await stored(input.message);
    const id = row?.id ?? 0;
    const ids = async (filter: "inbox" | "unread" | "archived") =>
      (await admin.caller.contact.list({ filter, limit: 100 })).items.map((item) => item.id);
    const unread = await admin.caller.contact.unreadCount();

    expect(await ids("unread")).toContain(id);
    await admin.caller.contact.setStatus({ id, status: "read" });
    expect(await ids("unread")).not.toContain(id);
    expect(await ids("inbox")).toContain(id);
    expect(await admin.caller.contact.unreadCount()).toBe(unread - 1);

    await admin.caller.contact.setStatus({ id, status: "archived" });
    expect(await ids("inbox")).not.toContain(id);
    expect(await ids("archived")).toContain(id);

    await admin.caller.contact.delete({ id });
    expect(await ids("archived")).not.toContain(id);
    expect(await outcomeOf(admin.caller.contact.delete({ id }))).toBe("NOT_FOUND");
  });
});
