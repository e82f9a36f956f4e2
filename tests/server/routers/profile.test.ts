import { TRPCError } from "@trpc/server";
import { beforeAll, expect, test } from "vitest";
import { createTestKit } from "../../support/callers";
import { outcomeOf } from "../../support/outcome";

let kit: Awaited<ReturnType<typeof createTestKit>>;
beforeAll(async () => {
  kit = await createTestKit();
});

test("anyone can read a profile by username", async () => {
  const alice = await kit.callerFor("user");
  const anon = await kit.callerFor("anon");

  const profile = await anon.caller.profile.get({ username: alice.account.username });

  expect(profile).toMatchObject({ username: alice.account.username, display_name: null });
});

test("an unknown username is NOT_FOUND", async () => {
  const anon = await kit.callerFor("anon");

  expect(await outcomeOf(anon.caller.profile.get({ username: "nobody_here" }))).toBe("NOT_FOUND");
});

test("a user updates their own username and display name", async () => {
  const alice = await kit.callerFor("user");
  const renamed = `${alice.account.username}_x`;

  const profile = await alice.caller.profile.update({ username: renamed, displayName: "Alice A." });

  expect(profile).toMatchObject({ username: renamed, display_name: "Alice A." });
  expect(await alice.caller.auth.me()).toMatchObject({ profile: { username: renamed } });
});

test("taking another user's username is a CONFLICT on the username field", async () => {
  const alice = await kit.callerFor("user");
  const bob = await kit.callerFor("user");

  const error = await bob.caller.profile
    .update({ username: alice.account.username, displayName: null })
    .catch((e) => e);

  expect(error).toBeInstanceOf(TRPCError);
  expect(error.code).toBe("CONFLICT");
  expect(error.message).toBe("This username is taken");
});

test("anon cannot update a profile", async () => {
  const anon = await kit.callerFor("anon");

  expect(await outcomeOf(anon.caller.profile.update({ username: "someone", displayName: null }))).toBe("UNAUTHORIZED");
});
