/** supabase/seed.sql gives a signed-in demo user a living app, through the real sign-in flow. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { applySeed } from "../../supabase/local/database.ts";
import type { LocalStack } from "../../supabase/local/stack.ts";
import { startTestStack } from "../support/local-stack.ts";
import { clientFor, signIn } from "./users.ts";

let stack: LocalStack;

beforeAll(async () => {
  stack = await startTestStack();
  await applySeed(stack.db);
});

afterAll(async () => {
  await stack.db.close();
});

async function demoClient(email: string) {
  const session = await signIn(stack, email, "password123");
  return { session, client: clientFor(stack, session.access_token) };
}

describe("seeded demo data", () => {
  it("lets alice sign in with the demo password and shows her the board with authors", async () => {
    const { session, client } = await demoClient("alice@example.com");

    expect(session.user.user_metadata).toMatchObject({ username: "alice", display_name: "Alice Liddell" });
    const { data } = await client
      .from("items")
      .select("title, author:profiles(username)")
      .order("created_at", { ascending: false })
      .order("id", { ascending: false });
    expect(data).toEqual([
      { title: "House rules", author: { username: "admin" } },
      { title: "Down the rabbit hole", author: { username: "alice" } },
      { title: "Can we fix it?", author: { username: "bob" } },
      { title: "Welcome to the board", author: { username: "alice" } },
    ]);
  });

  it("shows alice her own todos only", async () => {
    const { client } = await demoClient("alice@example.com");

    const { data } = await client.from("todos").select("title, done").order("created_at");
    expect(data).toEqual([
      { title: "Follow the white rabbit", done: true },
      { title: "Have tea with the Hatter", done: false },
      { title: "Find the garden key", done: false },
    ]);
    expect((await client.from("contact_messages").select("id")).data).toEqual([]);
  });

  it("makes admin@example.com an admin who reads the contact inbox", async () => {
    const { session, client } = await demoClient("admin@example.com");

    expect(session.user.app_metadata).toMatchObject({ role: "admin", provider: "email" });
    const { data } = await client.from("contact_messages").select("name, status").order("created_at");
    expect(data).toEqual([
      { name: "Bob Builder", status: "read" },
      { name: "Curious Visitor", status: "new" },
    ]);
  });

  it("refuses a wrong password for a demo user", async () => {
    const { error } = await clientFor(stack).auth.signInWithPassword({
      email: "bob@example.com",
      password: "password124",
    });
    expect(error).toMatchObject({ status: 400, code: "invalid_credentials" });
  });
});
