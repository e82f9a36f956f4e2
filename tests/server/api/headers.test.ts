import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { API_SERVER_STARTUP_MS, startApiServer } from "../../support/api-server";

/** Caching and CORS headers of the API route, over real HTTP. */
const TRUSTED = "http://admin.example.test";
let api: Awaited<ReturnType<typeof startApiServer>>;
beforeAll(async () => {
  api = await startApiServer({ ALLOWED_ORIGINS: `${TRUSTED}, http://other.example.test` });
}, API_SERVER_STARTUP_MS);
afterAll(() => api?.close());

describe("caching", () => {
  test.each([
    ["auth.me, signed in", "auth.me", true],
    ["auth.me, anon", "auth.me", false],
    ["a batch of queries", "auth.me,health.check?batch=1", true],
  ])("%s is Cache-Control: private, no-store", async (_, path, signedIn) => {
    const account = await api.kit.createUser("user");
    const { accessToken } = await api.kit.signIn(account.email);
    const headers: Record<string, string> = signedIn ? { authorization: `Bearer ${accessToken}` } : {};

    const response = await fetch(`${api.url}/api/trpc/${path}`, { headers });

    expect(response.status).toBe(200);
    expect(response.headers.get("cache-control")).toBe("private, no-store");
  });
});

describe("framing", () => {
  test("a complete answer goes out in one piece, with its Content-Length", async () => {
    const response = await fetch(`${api.url}/api/trpc/health.check`);
    const body = await response.arrayBuffer();

    expect(response.headers.get("content-length")).toBe(String(body.byteLength));
    expect(response.headers.get("transfer-encoding")).toBeNull();
  });

  test("a batch of queries asked for as JSON lines is streamed as they resolve", async () => {
    const response = await fetch(`${api.url}/api/trpc/health.check,auth.me?batch=1&input={}`, {
      headers: { "trpc-accept": "application/jsonl" },
    });
    const lines = (await response.text()).trim().split("\n");

    expect(response.headers.get("transfer-encoding")).toBe("chunked");
    // A head with a placeholder per call, then the answers in lines of their own as they resolve.
    expect(lines[0]).not.toContain('"status":"ok"');
    expect(lines.slice(1).join("\n")).toContain('"status":"ok"');
  });
});

describe("CORS", () => {
  test("a listed origin may read responses, with credentials", async () => {
    const response = await fetch(`${api.url}/api/trpc/health.check`, { headers: { origin: TRUSTED } });

    expect(response.headers.get("access-control-allow-origin")).toBe(TRUSTED);
    expect(response.headers.get("access-control-allow-credentials")).toBe("true");
    expect(response.headers.get("vary")).toMatch(/Origin/);
  });

  test.each(["http://evil.test", `${TRUSTED}.evil.test`, "http://admin.example.test:8080", "null"])(
    "an origin not listed exactly (%s) gets no CORS headers",
    async (origin) => {
      const response = await fetch(`${api.url}/api/trpc/health.check`, { headers: { origin } });

      expect(response.headers.get("access-control-allow-origin")).toBeNull();
    },
  );

  test("a preflight from a listed origin is answered 204 with the methods and headers allowed", async () => {
    const response = await fetch(`${api.url}/api/trpc/auth.signIn`, {
      method: "OPTIONS",
      headers: { origin: TRUSTED, "access-control-request-method": "POST" },
    });

    expect(response.status).toBe(204);
    expect(response.headers.get("access-control-allow-origin")).toBe(TRUSTED);
    expect(response.headers.get("access-control-allow-methods")).toBe("GET, POST");
    expect(response.headers.get("access-control-allow-headers")).toMatch(/content-type/);
  });

  test("a preflight from another origin is refused with 403 and no CORS headers", async () => {
    const response = await fetch(`${api.url}/api/trpc/auth.signIn`, {
      method: "OPTIONS",
      headers: { origin: "http://evil.test", "access-control-request-method": "POST" },
    });

    expect(response.status).toBe(403);
    expect(response.headers.get("access-control-allow-origin")).toBeNull();
  });

  test("a listed origin may call mutations (any other origin is refused: see limits.test.ts)", async () => {
    const response = await fetch(`${api.url}/api/trpc/auth.signOut`, {
      method: "POST",
      headers: { origin: TRUSTED, "content-type": "application/json" },
    });

    expect(response.status).toBe(200);
  });
});
