import { TRPCError } from "@trpc/server";
import { beforeAll, describe, expect, test } from "vitest";
import { clientNetwork } from "~/server/client-network";
import { createContextInner } from "~/server/context";
import { createCaller } from "~/server/routers/_app";
import { createTestKit } from "../support/callers";

let kit: Awaited<ReturnType<typeof createTestKit>>;
beforeAll(async () => {
  kit = await createTestKit();
});

describe("clientNetwork: what a rate limit counts", () => {
  test.each([
    ["203.0.113.7", "203.0.113.7"],
    ["::ffff:203.0.113.7", "203.0.113.7"],
    ["2001:db8:1:2::1", "2001:db8:1:2::/64"],
    ["2001:0db8:0001:0002:ffff:ffff:ffff:ffff", "2001:db8:1:2::/64"],
    ["2001:db8::", "2001:db8:0:0::/64"],
    ["::1", "0:0:0:0::/64"],
    ["fe80::1%eth0", "fe80:0:0:0::/64"],
  ])("%s -> %s", (ip, network) => {
    expect(clientNetwork(ip)).toBe(network);
  });
});

const codeOf = (promise: Promise<unknown>) =>
  promise.then(
    () => "OK",
    (error: unknown) => (error instanceof TRPCError ? error.code : String(error)),
  );

// An unknown e-mail: refused without hashing a password, so eleven attempts stay fast.
const wrong = { email: "nobody@example.test", password: "guess-guess" };

describe("auth.signIn limits", () => {
  test("every address of one IPv6 /64 shares one limit; the next /64 has its own", async () => {
    const from = (clientIp: string) => createCaller(createContextInner({ project: kit.project, clientIp }));

    const outcomes = [];
    for (let host = 1; host <= 11; host++)
      outcomes.push(await codeOf(from(`2001:db8:5:6::${host}`).auth.signIn(wrong)));
    const neighbour = await codeOf(from("2001:db8:5:7::1").auth.signIn(wrong));

    expect(outcomes).toEqual([...Array(10).fill("UNAUTHORIZED"), "TOO_MANY_REQUESTS"]);
    expect(neighbour).toBe("UNAUTHORIZED");
  }, 15_000);

  test("a signed-in caller's attempts count against their IP too", async () => {
    const signedIn = await kit.callerFor("user");
    const clientIp = "198.51.100.20";
    const anon = createCaller(createContextInner({ project: kit.project, clientIp }));
    const withSession = createCaller({ ...signedIn.ctx, clientIp });

    for (let attempt = 0; attempt < 10; attempt++) await codeOf(anon.auth.signIn(wrong));

    expect(await codeOf(withSession.auth.signIn(wrong))).toBe("TOO_MANY_REQUESTS");
  }, 15_000);
});
