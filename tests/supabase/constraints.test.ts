/**
 * Every CHECK and unique rule refuses bad input through supabase-js with the Postgres code and
 * the constraint name the app maps to a form field; the boundary values just inside pass.
 */
import type { PostgrestSingleResponse } from "@supabase/supabase-js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { LocalStack } from "../../supabase/local/stack.ts";
import { startTestStack } from "../support/local-stack.ts";
import { clientFor, createCast } from "./users.ts";

type Write = () => PromiseLike<PostgrestSingleResponse<null>>;

let stack: LocalStack;
let cast: Awaited<ReturnType<typeof createCast>>;

beforeAll(async () => {
  stack = await startTestStack();
  cast = await createCast(stack);
  await stack.db.query(
    "insert into public.contact_messages (id, name, email, message) overriding system value values (1, 'V', 'v@example.com', 'hi')",
  );
});

afterAll(async () => {
  await stack.db.close();
});

const a = () => cast.userA.client;
const renameA = (fields: { username?: string; display_name?: string }) => () =>
  a().from("profiles").update(fields).eq("id", cast.userA.id);
const postItem =
  (title: string, body = "") =>
  () =>
    a().from("items").insert({ title, body });
const addTodo = (title: string) => () => a().from("todos").insert({ title });
const sendMessage = (fields: Partial<{ name: string; email: string; message: string }>) => () =>
  clientFor(stack)
    .from("contact_messages")
    .insert({ name: "Visitor", email: "visitor@example.com", message: "Hello", ...fields });

const rejected: Array<[string, string, string, Write]> = [
  ["a username with capitals", "23514", "profiles_username_format", renameA({ username: "Alice" })],
  ["a username with a space", "23514", "profiles_username_format", renameA({ username: "al ice" })],
  ["a two-letter username", "23514", "profiles_username_format", renameA({ username: "al" })],
  ["a 25-character username", "23514", "profiles_username_format", renameA({ username: "a".repeat(25) })],
  ["a username someone else has", "23505", "profiles_username_key", renameA({ username: "user_b" })],
  ["an empty display name", "23514", "profiles_display_name_length", renameA({ display_name: "" })],
  ["a 51-character display name", "23514", "profiles_display_name_length", renameA({ display_name: "d".repeat(51) })],
  ["an empty item title", "23514", "items_title_length", postItem("")],
  ["a blank item title", "23514", "items_title_length", postItem("   ")],
  ["a 121-character item title", "23514", "items_title_length", postItem("t".repeat(121))],
  ["a 2,001-character item body", "23514", "items_body_length", postItem("ok", "b".repeat(2001))],
  ["an empty todo title", "23514", "todos_title_length", addTodo("")],
  ["a 201-character todo title", "23514", "todos_title_length", addTodo("t".repeat(201))],
  ["an empty sender name", "23514", "contact_messages_name_length", sendMessage({ name: "" })],
  ["a 101-character sender name", "23514", "contact_messages_name_length", sendMessage({ name: "n".repeat(101) })],
  ["an e-mail without @", "23514", "contact_messages_email_format", sendMessage({ email: "visitor.example.com" })],
  [
    "a 255-character e-mail",
    "23514",
    "contact_messages_email_format",
    sendMessage({ email: `${"e".repeat(243)}@example.com` }),
  ],
  ["an empty message", "23514", "contact_messages_message_length", sendMessage({ message: "" })],
  ["a 5,001-character message", "23514", "contact_messages_message_length", sendMessage({ message: "m".repeat(5001) })],
];

const accepted: Array<[string, Write]> = [
  ["a 24-character username of letters, digits and _", renameA({ username: "abc_123_".repeat(3) })],
  ["a 50-character display name", renameA({ display_name: "D".repeat(50) })],
  ["a 120-character item title with a 2,000-character body", postItem("t".repeat(120), "b".repeat(2000))],
  ["a 200-character todo title", addTodo("t".repeat(200))],
  ["a 254-character e-mail", sendMessage({ email: `${"e".repeat(242)}@example.com` })],
  ["a 5,000-character message", sendMessage({ message: "m".repeat(5000) })],
];

describe("constraints", () => {
  it.each(rejected)("refuse %s (%s %s)", async (_what, code, constraint, write) => {
    const { error } = await write();
    expect(error?.code).toBe(code);
    expect(error?.message).toContain(`"${constraint}"`);
  });

  it.each(accepted)("accept %s", async (_what, write) => {
    expect((await write()).error).toBeNull();
  });

  it("refuse a contact message status outside new/read/archived (22P02)", async () => {
    const { error } = await cast.admin.client
      .from("contact_messages")
      .update({ status: "deleted" as "archived" })
      .eq("id", 1);
    expect(error?.code).toBe("22P02");
  });
});
