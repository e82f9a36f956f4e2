import { beforeAll, describe, expect, test } from "vitest";
import { forgetOwnProfile, ownProfile } from "~/server/auth/own-profile";
import { createTestKit } from "../../support/callers";
import { counting, unreachableProject } from "../../support/counting";

const project = unreachableProject;

describe("ownProfile", () => {
  test("a profile read once is answered from memory the next times", async () => {
    const read = counting({ username: "alice" });
    for (let i = 0; i < 3; i++)
      expect(await ownProfile(project, "alice", "token-a", read)).toEqual({ username: "alice" });
    expect(read.calls).toBe(1);
  });

  test("another access token of the same user (a new sign-in) reads it anew", async () => {
    const read = counting({ username: "bob" });
    await ownProfile(project, "bob", "token-b1", read);
    await ownProfile(project, "bob", "token-b2", read);
    expect(read.calls).toBe(2);
  });

  test("a forgotten profile is read anew", async () => {
    const read = counting({ username: "carol" });
    await ownProfile(project, "carol", "token-c", read);
    forgetOwnProfile(project, "carol");
    await ownProfile(project, "carol", "token-c", read);
    expect(read.calls).toBe(2);
  });

  test("a read still in flight when the profile is forgotten is not remembered", async () => {
    const stale = ownProfile(project, "dave", "token-d", async () => {
      forgetOwnProfile(project, "dave");
      return { username: "dave_old" };
    });
    expect(await stale).toEqual({ username: "dave_old" });
    expect(await ownProfile(project, "dave", "token-d", async () => ({ username: "dave_new" }))).toEqual({
      username: "dave_new",
    });
  });
});

let kit: Awaited<ReturnType<typeof createTestKit>>;
beforeAll(async () => {
  kit = await createTestKit();
});

test("auth.me shows a rename at once, though it remembered the old username", async () => {
  const alice = await kit.callerFor("user");
  const renamed = `${alice.account.username}_r`;
  expect(await alice.caller.auth.me()).toMatchObject({ profile: { username: alice.account.username } });

  await alice.caller.profile.update({ username: renamed, displayName: "Alice R." });

  expect(await alice.caller.auth.me()).toMatchObject({ profile: { username: renamed, display_name: "Alice R." } });
});
