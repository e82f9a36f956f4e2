import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { AuthApiError } from "@supabase/supabase-js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CONFIG_PATH, loadSettings, unsupportedSettings } from "../../../../supabase/local/settings.ts";
import { createLocalStack, type LocalStack } from "../../../../supabase/local/stack.ts";
import { startTestStack } from "../../../support/local-stack.ts";
import { anonClient, rawAuthRequest, serviceClient, signUpNewUser, uniqueEmail } from "./clients.ts";

let stack: LocalStack;

beforeAll(async () => {
  stack = await startTestStack();
});

afterAll(async () => {
  await stack.db.close();
});

const refusal = (feature: string) => `${feature} is not supported by the local Supabase stack`;

describe("GoTrue features the local stack does not implement", () => {
  it.each([
    [
      "signInWithOtp",
      "One-time passwords and magic links (POST /otp)",
      () => anonClient(stack).auth.signInWithOtp({ email: uniqueEmail() }),
    ],
    [
      "resetPasswordForEmail",
      "Password recovery e-mails (POST /recover)",
      () => anonClient(stack).auth.resetPasswordForEmail(uniqueEmail()),
    ],
    [
      "verifyOtp",
      "E-mail and phone verification (/verify)",
      () => anonClient(stack).auth.verifyOtp({ email: uniqueEmail(), token: "123456", type: "email" }),
    ],
    ["signInWithSSO", "Single sign-on (/sso)", () => anonClient(stack).auth.signInWithSSO({ domain: "example.com" })],
    [
      "admin.inviteUserByEmail",
      "Invitations (POST /invite)",
      () => serviceClient(stack).auth.admin.inviteUserByEmail(uniqueEmail()),
    ],
    [
      "admin.generateLink",
      "Generated e-mail links (POST /admin/generate_link)",
      () => serviceClient(stack).auth.admin.generateLink({ type: "magiclink", email: uniqueEmail() }),
    ],
  ])("refuses %s with an AuthApiError naming the feature", async (_call, feature, call) => {
    const { error } = await call();

    expect(error).toBeInstanceOf(AuthApiError);
    expect(error).toMatchObject({ status: 422, code: "feature_not_supported", message: refusal(feature) });
  });

  it("refuses multi-factor enrolment for a signed-in user", async () => {
    const { session } = await signUpNewUser(stack);
    const client = anonClient(stack);
    await client.auth.setSession(session);

    const { error } = await client.auth.mfa.enroll({ factorType: "totp" });

    expect(error).toBeInstanceOf(AuthApiError);
    expect(error?.message).toBe(refusal("Multi-factor authentication (/factors)"));
  });

  it("answers legacy clients with GoTrue's { code, error_code, msg } body", async () => {
    const response = await rawAuthRequest(stack, "/magiclink", {
      method: "POST",
      body: "{}",
      headers: { "X-Supabase-Api-Version": "" },
    });

    expect(response.status).toBe(422);
    expect(await response.json()).toEqual({
      code: 422,
      error_code: "feature_not_supported",
      msg: refusal("Magic links (POST /magiclink)"),
    });
  });

  it("still answers a path GoTrue does not have with its plain 404", async () => {
    const response = await rawAuthRequest(stack, "/no-such-endpoint");

    expect(response.status).toBe(404);
    expect(await response.text()).toBe("404 page not found\n");
  });
});

describe("config.toml keys the local stack does not implement", () => {
  it("refuses anonymous sign-in as not supported, not as disabled, when config.toml turns it on", async () => {
    const settings = loadSettings();
    // A second gateway over the same database, configured as if config.toml said `true`.
    const anonymousOn = await createLocalStack(
      stack.db,
      { ...settings, auth: { ...settings.auth, enable_anonymous_sign_ins: true } },
      stack.url,
    );

    const { error } = await anonClient(anonymousOn).auth.signInAnonymously();
    const advertised = await (await rawAuthRequest(anonymousOn, "/settings")).json();

    expect(error).toBeInstanceOf(AuthApiError);
    expect(error?.message).toBe(refusal("Anonymous sign-in"));
    expect(advertised.external.anonymous_users).toBe(false);
  });

  it("names each unsupported key that is switched on, once, and none in the project's own file", () => {
    const folder = mkdtempSync(join(tmpdir(), "config-"));
    const path = join(folder, "config.toml");
    const config = readFileSync(CONFIG_PATH, "utf8")
      .replace("enable_anonymous_sign_ins = false", "enable_anonymous_sign_ins = true")
      .concat('\n[auth.external.github]\nenabled = true\nclient_id = "x"\n');
    writeFileSync(path, config);
    try {
      expect(unsupportedSettings(CONFIG_PATH)).toEqual([]);
      const warnings = unsupportedSettings(path);
      expect(warnings).toHaveLength(2);
      expect(warnings[0]).toMatch(/^supabase\/config.toml sets auth.enable_anonymous_sign_ins = true, which the local/);
      expect(warnings[1]).toMatch(/sets auth.external.github.enabled = true/);
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });
});
