import { NextRequest } from "next/server";
import { afterEach, describe, expect, test, vi } from "vitest";
import { proxy } from "~/proxy";

/** The security headers next.config.mjs puts on responses, by path pattern. */
async function headersIn(nodeEnv: "development" | "production") {
  vi.stubEnv("NODE_ENV", nodeEnv);
  vi.resetModules();
  const { default: config } = await import("../../next.config.mjs");
  const rules = (await config.headers?.()) ?? [];
  return (source: string) =>
    Object.fromEntries(
      (rules.find((rule) => rule.source === source)?.headers ?? []).map((header) => [header.key, header.value]),
    );
}

afterEach(() => {
  vi.unstubAllEnvs();
});

describe("security headers on every response", () => {
  test("production: no framing, nosniff, a referrer policy, no powerful features, HSTS", async () => {
    const all = (await headersIn("production"))("/:path*");

    expect(all["X-Frame-Options"]).toBe("DENY");
    expect(all["X-Content-Type-Options"]).toBe("nosniff");
    expect(all["Referrer-Policy"]).toBe("strict-origin-when-cross-origin");
    expect(all["Permissions-Policy"]).toContain("camera=()");
    expect(all["Strict-Transport-Security"]).toMatch(/^max-age=\d{8}/);
  });

  test("development sends no HSTS (localhost speaks plain HTTP)", async () => {
    expect((await headersIn("development"))("/:path*")["Strict-Transport-Security"]).toBeUndefined();
  });

  test("API responses may load nothing and be framed by no one", async () => {
    const api = (await headersIn("production"))("/api/:path*");

    expect(api["Content-Security-Policy"]).toBe("default-src 'none'; frame-ancestors 'none'");
  });
});

describe("page CSP (src/proxy.ts)", () => {
  const policyOf = (response: Response) => response.headers.get("content-security-policy") ?? "";
  const page = () => proxy(new NextRequest("http://127.0.0.1:3000/todos"));

  test("scripts need this response's nonce, which the page's request carries to _document", () => {
    const response = page();
    const nonce = response.headers.get("x-middleware-request-x-nonce");

    expect(nonce).toMatch(/^[A-Za-z0-9+/=]{20,}$/);
    expect(policyOf(response)).toContain(`script-src 'self' 'nonce-${nonce}' 'strict-dynamic';`);
    expect(policyOf(response)).toContain("frame-ancestors 'none'");
    expect(policyOf(response)).toContain("object-src 'none'");
    expect(policyOf(response)).not.toContain("unsafe-eval");
  });

  test("every response gets a fresh nonce", () => {
    expect(page().headers.get("x-middleware-request-x-nonce")).not.toBe(
      page().headers.get("x-middleware-request-x-nonce"),
    );
  });

  test("development adds only eval and the hot-reload socket", () => {
    vi.stubEnv("NODE_ENV", "development");

    expect(policyOf(page())).toMatch(/'strict-dynamic' 'unsafe-eval';/);
    expect(policyOf(page())).toContain("connect-src 'self' ws: wss:");
  });
});
