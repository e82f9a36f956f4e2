import { generateKeyPair, SignJWT } from "jose";
import { beforeAll, describe, expect, it } from "vitest";
import type { JwtClaims } from "../../../../supabase/local/keys.ts";
import type { LocalStack } from "../../../../supabase/local/stack.ts";
import { supabaseAs } from "../../../support/local-stack.ts";
import { BOB, clients, rawRequest, startBlog } from "./fixture.ts";

let stack: LocalStack;
let db: Awaited<ReturnType<typeof clients>>;

beforeAll(async () => {
  stack = await startBlog();
  db = await clients(stack);
});

const base64url = (value: object) => Buffer.from(JSON.stringify(value)).toString("base64url");

describe("JWT authentication", () => {
  it("refuses an expired token with 401 PGRST303", async () => {
    const expired = await stack.keys.sign({ role: "authenticated", sub: BOB, aud: "authenticated" }, -120);
    const result = await supabaseAs(stack, expired).from("posts").select();
    expect(result.status).toBe(401);
    expect(result.error).toEqual({ code: "PGRST303", message: "JWT expired", details: null, hint: null });
  });

  it("refuses a token signed by another key with 401 PGRST301", async () => {
    const { privateKey } = await generateKeyPair("ES256");
    const forged = await new SignJWT({ role: "service_role" })
      .setProtectedHeader({ alg: "ES256", typ: "JWT" })
      .setExpirationTime("1h")
      .sign(privateKey);
    const result = await supabaseAs(stack, forged).from("secrets").select();
    expect(result).toMatchObject({ status: 401, data: null, error: { code: "PGRST301" } });
  });

  it("refuses an unsigned alg:none token with 401 PGRST301", async () => {
    const unsigned = `${base64url({ alg: "none", typ: "JWT" })}.${base64url({ role: "service_role" })}.`;
    const result = await supabaseAs(stack, unsigned).from("secrets").select();
    expect(result).toMatchObject({
      status: 401,
      error: { code: "PGRST301", message: "Wrong or unsupported encoding algorithm" },
    });
  });

  it("refuses a token that is not a JWT with 401 PGRST301", async () => {
    const result = await supabaseAs(stack, "garbage").from("posts").select();
    expect(result).toMatchObject({
      status: 401,
      error: { code: "PGRST301", message: "Expected 3 parts in JWT; got 1", details: null, hint: null },
    });
  });

  it("refuses a signed token whose role does not exist with 401 22023", async () => {
    const token = await stack.keys.sign({ role: "superhero" }, 3600);
    const result = await supabaseAs(stack, token).from("posts").select();
    expect(result).toMatchObject({ status: 401, error: { code: "22023", message: 'role "superhero" does not exist' } });
  });

  it("refuses a signed token for a role the API may not switch to (postgres) with 403 42501", async () => {
    const token = await stack.keys.sign({ role: "postgres" }, 3600);
    const result = await supabaseAs(stack, token).from("secrets").select();
    expect(result).toMatchObject({
      status: 403,
      error: { code: "42501", message: 'permission denied to set role "postgres"' },
    });
  });

  it("refuses an apikey that is not one of the project's keys", async () => {
    const response = await rawRequest(stack, "posts", { headers: { apikey: "not-a-key" } });
    expect(response.status).toBe(401);
    expect(await response.json()).toEqual({
      message: "Invalid API key",
      hint: "Double check your Supabase `anon` or `service_role` API key.",
    });
  });
});

describe("JWT claims as PostgREST judges them (Auth/Jwt.hs parseClaims)", () => {
  const now = () => Math.floor(Date.now() / 1000);
  const signed = (claims: Record<string, unknown>) => stack.keys.sign(claims as JwtClaims, 3600);
  const refusal = async (claims: Record<string, unknown>) => {
    const response = await rawRequest(stack, "posts?select=id", {
      headers: { Authorization: `Bearer ${await signed(claims)}` },
    });
    return {
      status: response.status,
      body: await response.json(),
      challenge: response.headers.get("www-authenticate"),
    };
  };

  beforeAll(async () => {
    await stack.db.exec(`
      create function public.session_context() returns json language sql stable as $$
        select json_build_object('user', current_user, 'claims', current_setting('request.jwt.claims', true)::json) $$;
      grant execute on function public.session_context() to anon, authenticated;`);
  });

  it("runs a valid token without a role claim as the anon role, with the role added to its claims", async () => {
    const { data, error } = await supabaseAs(stack, await signed({ sub: "someone" })).rpc("session_context");

    expect(error).toBeNull();
    expect(data).toMatchObject({ user: "anon", claims: { sub: "someone", role: "anon" } });
  });

  it("refuses a token not valid for another minute with 401 PGRST303, and allows 30 s of clock skew", async () => {
    expect(await refusal({ role: "anon", nbf: now() + 60 })).toEqual({
      status: 401,
      body: { code: "PGRST303", message: "JWT not yet valid", details: null, hint: null },
      challenge: 'Bearer error="invalid_token", error_description="JWT not yet valid"',
    });
    expect((await refusal({ role: "anon", nbf: now() + 20 })).status).toBe(200);
  });

  it("refuses a token issued a minute from now", async () => {
    const { status, body } = await refusal({ role: "anon", iat: now() + 60 });
    expect({ status, body }).toEqual({
      status: 401,
      body: { code: "PGRST303", message: "JWT issued at future", details: null, hint: null },
    });
  });

  it("refuses time and audience claims of the wrong type, naming the claim", async () => {
    expect((await refusal({ role: "anon", nbf: "tomorrow" })).body.message).toBe(
      "The JWT 'nbf' claim must be a number",
    );
    expect((await refusal({ role: "anon", aud: 42 })).body.message).toBe(
      "The JWT 'aud' claim must be a string or an array of strings",
    );
    expect((await refusal({ role: "anon", aud: ["a", "b"] })).status).toBe(200);
  });

  it("accepts a token expired 20 s ago (the allowed skew), not one expired 40 s ago", async () => {
    expect((await refusal({ role: "anon", exp: now() - 20 })).status).toBe(200);
    expect((await refusal({ role: "anon", exp: now() - 40 })).body.message).toBe("JWT expired");
  });
});

describe("hostile and malformed requests", () => {
  it("refuses SQL in select with PGRST100 and executes nothing", async () => {
    const result = await db.anon.from("posts").select("id;drop table public.posts");
    expect(result.status).toBe(400);
    expect(result.error).toMatchObject({ code: "PGRST100", hint: null });
    expect((await db.service.from("posts").select("id", { count: "exact", head: true })).count).toBe(4);
  });

  it("refuses a malformed escape in the path with 400 PGRST100, not a 500", async () => {
    const response = await rawRequest(stack, "posts%E0");
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ code: "PGRST100" });
  });

  it("refuses SQL in order with PGRST100", async () => {
    // A bare `;` separates parameters (as on PostgREST), so the statement goes as part of the value.
    const response = await rawRequest(stack, "posts?order=id%3Bdelete from posts");
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ code: "PGRST100" });
  });

  it('quotes identifiers: a column named a"b is reachable, and a quoted name cannot break out', async () => {
    await stack.db.exec(`create table public.odd ("a""b" int primary key); insert into public.odd values (1);`);
    expect(await rawRequest(stack, `odd?select=${encodeURIComponent('"a\\"b"')}`).then((r) => r.json())).toEqual([
      { 'a"b': 1 },
    ]);
    const hostile = await rawRequest(stack, `posts?select=${encodeURIComponent('"id\\" from posts; --"')}`);
    expect(hostile.status).toBe(400);
    expect(await hostile.json()).toMatchObject({ code: "42703" });
  });

  it("refuses an unknown table with 404 PGRST205", async () => {
    const result = await db.anon.from("nope").select();
    expect(result.status).toBe(404);
    expect(result.error).toEqual({
      code: "PGRST205",
      message: "Could not find the table 'public.nope' in the schema cache",
      details: null,
      hint: null,
    });
  });

  it("hints the closest table of the schema, as PostgREST's tableNotFoundHint", async () => {
    const result = await db.anon.from("author").select();
    expect(result.status).toBe(404);
    expect(result.error).toEqual({
      code: "PGRST205",
      message: "Could not find the table 'public.author' in the schema cache",
      details: null,
      hint: "Perhaps you meant the table 'public.authors'",
    });
  });

  it("refuses a schema that is not exposed with 406 PGRST106", async () => {
    const result = await db.anon.schema("auth").from("users").select();
    expect(result.status).toBe(406);
    expect(result.error).toEqual({
      code: "PGRST106",
      message: "Invalid schema: auth",
      details: null,
      hint: "Only the following schemas are exposed: public",
    });
  });
});
