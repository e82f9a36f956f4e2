import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createClient } from "@supabase/supabase-js";
import { decodeProtectedHeader, exportJWK, generateKeyPair, type JWK, SignJWT } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openSnapshotDatabase } from "../../../supabase/local/database.ts";
import { CONFIG_PATH, loadSettings, type ProjectSettings } from "../../../supabase/local/settings.ts";
import { createLocalStack, type LocalStack } from "../../../supabase/local/stack.ts";
import { clientWithToken, PASSWORD, uniqueEmail } from "./auth/clients.ts";

// The Supabase CLI's default jwt_secret and the well-known keys it signs with it.
const CLI_SECRET = "super-secret-jwt-token-with-at-least-32-characters-long";
const CLI_ANON_KEY =
  "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJpc3MiOiJzdXBhYmFzZS1kZW1vIiwicm9sZSI6ImFub24iLCJleHAiOjE5ODM4MTI5OTZ9.CRXP1A7WOeoJeXxjNni43kdQwgnWNReilDMblYTn_I0";
const CLI_SERVICE_ROLE_KEY =
  "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJpc3MiOiJzdXBhYmFzZS1kZW1vIiwicm9sZSI6InNlcnZpY2Vfcm9sZSIsImV4cCI6MTk4MzgxMjk5Nn0.EGIM96RAZx35lJzdJsyH-qQwv8Hdp7fsn3W0YpN81IU";

const scratch = mkdtempSync(join(tmpdir(), "local-supabase-keys-"));
const stacks: LocalStack[] = [];
afterAll(async () => {
  await Promise.all(stacks.map((stack) => stack.db.close()));
  rmSync(scratch, { recursive: true, force: true });
});

async function startWith(auth: Partial<ProjectSettings["auth"]>): Promise<LocalStack> {
  const settings = loadSettings();
  const stack = await createLocalStack(
    await openSnapshotDatabase(),
    { ...settings, auth: { ...settings.auth, ...auth } },
    "http://127.0.0.1:54321",
  );
  stacks.push(stack);
  return stack;
}

const noSession = { persistSession: false, autoRefreshToken: false, detectSessionInUrl: false };
const clientFor = (stack: LocalStack, key: string) =>
  createClient(stack.url, key, { global: { fetch: stack.fetch }, auth: noSession });

/** A signing key as `supabase gen signing-key --algorithm <alg>` writes it. */
async function cliSigningKey(alg: "ES256" | "RS256", kid: string) {
  const { privateKey } = await generateKeyPair(alg, { extractable: true });
  const jwk: JWK = { ...(await exportJWK(privateKey)), kid, alg, use: "sig", key_ops: ["sign", "verify"], ext: true };
  return { jwk, privateKey };
}

async function signUp(stack: LocalStack) {
  const { data, error } = await clientFor(stack, stack.keys.anonKey).auth.signUp({
    email: uniqueEmail("keys"),
    password: PASSWORD,
  });
  if (error || !data.session || !data.user) throw new Error(`sign-up failed: ${error?.message}`);
  return { session: data.session, user: data.user };
}

const userClaims = (sub: string) => ({ role: "authenticated", aud: "authenticated", sub });

describe("[auth] jwt_secret (HS256)", () => {
  let stack: LocalStack;
  beforeAll(async () => {
    stack = await startWith({ jwt_secret: CLI_SECRET });
  });

  it("serves the Supabase CLI's well-known anon and service-role keys for its default secret", async () => {
    expect(stack.keys.anonKey).toBe(CLI_ANON_KEY);
    expect(stack.keys.serviceRoleKey).toBe(CLI_SERVICE_ROLE_KEY);
    const { error } = await clientFor(stack, CLI_SERVICE_ROLE_KEY).from("profiles").select("id").limit(1);
    expect(error).toBeNull();
  });

  it("accepts a token the test minted with the secret, in GoTrue and in PostgREST", async () => {
    const { user } = await signUp(stack);
    const token = await new SignJWT({ ...userClaims(user.id) })
      .setProtectedHeader({ alg: "HS256", typ: "JWT" })
      .setExpirationTime("1h")
      .sign(new TextEncoder().encode(CLI_SECRET));
    const client = clientWithToken(stack, token);

    const fetched = await client.auth.getUser(token);
    const read = await client.from("profiles").select("id").eq("id", user.id);

    expect(fetched.data.user?.id).toBe(user.id);
    expect(read).toMatchObject({ error: null, data: [{ id: user.id }] });
  });

  it("signs sessions with HS256 and publishes no key in the JWKS", async () => {
    const { session } = await signUp(stack);
    const jwks = await (await stack.fetch(`${stack.url}/auth/v1/.well-known/jwks.json`)).json();

    expect(decodeProtectedHeader(session.access_token).alg).toBe("HS256");
    expect(jwks).toEqual({ keys: [] });
  });

  it("refuses a token signed with another secret", async () => {
    const forged = await new SignJWT({ role: "service_role" })
      .setProtectedHeader({ alg: "HS256", typ: "JWT" })
      .sign(new TextEncoder().encode("not-the-project-secret-but-long-enough"));

    const { status, error } = await clientWithToken(stack, forged).from("profiles").select("id");

    expect(status).toBe(401);
    expect(error?.code).toBe("PGRST301");
  });
});

describe("[auth] signing_keys_path (ES256 and RS256 JWKs)", () => {
  let stack: LocalStack;
  let second: Awaited<ReturnType<typeof cliSigningKey>>;
  let first: Awaited<ReturnType<typeof cliSigningKey>>;
  beforeAll(async () => {
    first = await cliSigningKey("ES256", "first-key");
    second = await cliSigningKey("RS256", "second-key");
    const path = join(scratch, "signing_keys.json");
    writeFileSync(path, JSON.stringify([first.jwk, second.jwk]));
    stack = await startWith({ signing_keys_path: path });
  });

  it("signs sessions with the first key, which supabase-js verifies through the JWKS", async () => {
    const { session } = await signUp(stack);
    const client = clientWithToken(stack, session.access_token);

    const { data, error } = await client.auth.getClaims(session.access_token);

    expect(decodeProtectedHeader(session.access_token)).toMatchObject({ alg: "ES256", kid: "first-key" });
    expect(error).toBeNull();
    expect(data?.claims.sub).toBe(session.user.id);
  });

  it("accepts a token the test minted with the second key", async () => {
    const { user } = await signUp(stack);
    const token = await new SignJWT({ ...userClaims(user.id) })
      .setProtectedHeader({ alg: "RS256", kid: "second-key", typ: "JWT" })
      .setExpirationTime("1h")
      .sign(second.privateKey);

    const read = await clientWithToken(stack, token).from("profiles").select("id").eq("id", user.id);

    expect(read).toMatchObject({ error: null, data: [{ id: user.id }] });
  });

  it("publishes the public half of every key, and no private part", async () => {
    const { keys } = (await (await stack.fetch(`${stack.url}/auth/v1/.well-known/jwks.json`)).json()) as {
      keys: JWK[];
    };

    expect(keys.map((key) => [key.kid, key.alg, key.kty])).toEqual([
      ["first-key", "ES256", "EC"],
      ["second-key", "RS256", "RSA"],
    ]);
    expect(keys.every((key) => key.d === undefined && key.p === undefined)).toBe(true);
  });

  it("refuses a token signed by a key that is not in the list", async () => {
    const stranger = await cliSigningKey("ES256", "first-key");
    const token = await new SignJWT({ role: "service_role" })
      .setProtectedHeader({ alg: "ES256", kid: "first-key", typ: "JWT" })
      .sign(stranger.privateKey);

    const { status } = await clientWithToken(stack, token).from("profiles").select("id");

    expect(status).toBe(401);
  });
});

describe("reading the keys from config.toml", () => {
  const configWith = (lines: string) => {
    const path = join(scratch, `config-${Math.random()}.toml`);
    writeFileSync(path, readFileSync(CONFIG_PATH, "utf8").replace("[auth]\n", `[auth]\n${lines}\n`));
    return path;
  };

  it("resolves signing_keys_path against config.toml's folder, as the CLI does", () => {
    const settings = loadSettings(configWith('signing_keys_path = "./signing_keys.json"'));

    expect(settings.auth.signing_keys_path).toBe(join(scratch, "signing_keys.json"));
  });

  it("reads jwt_secret = env(NAME) from the environment", () => {
    process.env.LOCAL_KEYS_TEST_SECRET = CLI_SECRET;

    const settings = loadSettings(configWith('jwt_secret = "env(LOCAL_KEYS_TEST_SECRET)"'));

    expect(settings.auth.jwt_secret).toBe(CLI_SECRET);
  });

  it("keeps the generated ES256 key when neither is set", async () => {
    const stack = await startWith({});
    const { keys } = stack.keys.jwks;

    expect(loadSettings().auth.jwt_secret).toBeUndefined();
    expect(keys).toHaveLength(1);
    expect(decodeProtectedHeader(stack.keys.anonKey).alg).toBe("ES256");
  });
});
