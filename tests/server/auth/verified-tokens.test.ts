import { describe, expect, test } from "vitest";
import { verifiedOnce } from "~/server/auth/verified-tokens";
import { counting, unreachableProject } from "../../support/counting";

const project = unreachableProject;
const inAnHour = () => Date.now() + 3600_000;

describe("verifiedOnce", () => {
  test("a token verified once is answered from memory the next times", async () => {
    const verify = counting({ id: "alice" });
    for (let i = 0; i < 3; i++)
      expect(await verifiedOnce(project, "token-a", inAnHour(), verify)).toEqual({ id: "alice" });
    expect(verify.calls).toBe(1);
  });

  test("a refused token is checked again every time", async () => {
    const verify = counting(null);
    await verifiedOnce(project, "token-b", inAnHour(), verify);
    await verifiedOnce(project, "token-b", inAnHour(), verify);
    expect(verify.calls).toBe(2);
  });

  test("no answer outlives the token's own expiry", async () => {
    const verify = counting({ id: "bob" });
    await verifiedOnce(project, "token-c", Date.now() + 5, verify);
    await new Promise((resolve) => setTimeout(resolve, 10));
    await verifiedOnce(project, "token-c", Date.now() + 5, verify);
    expect(verify.calls).toBe(2);
  });

  test("another project verifies the same token for itself", async () => {
    const verify = counting({ id: "carol" });
    await verifiedOnce(project, "token-d", inAnHour(), verify);
    await verifiedOnce({ ...project, url: "http://127.0.0.1:2" }, "token-d", inAnHour(), verify);
    expect(verify.calls).toBe(2);
  });
});
