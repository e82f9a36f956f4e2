import { expect, test } from "vitest";
import { createTestKit, TEST_PASSWORD } from "../../support/callers";

// Anon queries share one client across requests (clients.ts): nothing an auth call stores may reach it.
test("a session an anon request opens stays its own: its queries and everyone else's still act as anon", async () => {
  const kit = await createTestKit();
  const alice = await kit.callerFor("user");
  await alice.caller.todo.create({ title: "Alice's own" });
  const signingIn = await kit.callerFor("anon");
  const { error } = await signingIn.ctx.supabase.auth.signInWithPassword({
    email: alice.account.email,
    password: TEST_PASSWORD,
  });
  expect(error).toBeNull();
  const otherVisitor = await kit.callerFor("anon");

  const asSigningIn = await signingIn.ctx.supabase.from("todos").select("title");
  const asOtherVisitor = await otherVisitor.ctx.supabase.from("todos").select("title");
  const asAlice = await alice.ctx.supabase.from("todos").select("title");

  // anon may not read to-dos at all.
  const refusedToAnon = { data: null, error: expect.objectContaining({ code: "42501" }) };
  expect(asSigningIn).toMatchObject(refusedToAnon);
  expect(asOtherVisitor).toMatchObject(refusedToAnon);
  expect(asAlice.data).toEqual([{ title: "Alice's own" }]);
});
