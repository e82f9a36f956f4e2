import { afterEach, describe, expect, test, vi } from "vitest";

/** The security headers next.config.mjs puts on every page and API response. */
async function headersIn(nodeEnv: "development" | "production") {
  vi.stubEnv("NODE_ENV", nodeEnv);
  vi.resetModules();
  const { default: config } = await import("../../next.config.mjs");
  const rules = (await config.headers?.()) ?? [];
  expect(rules.map((rule) => rule.source)).toEqual(["/:path*"]);
  return Object.fromEntries((rules[0]?.headers ?? []).map((header) => [header.key, header.value]));
}

afterEach(() => {
  vi.unstubAllEnvs();
});

describe("security headers", () => {
  test("production: strict CSP with self-only scripts, no framing, nosniff, HSTS", async () => {
    const headers = await headersIn("production");
    const csp = headers["Content-Security-Policy"] ?? "";

    expect(csp).toContain("script-src 'self';");
    expect(csp).toContain("style-src 'self' 'unsafe-inline';");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("object-src 'none'");
    expect(csp).not.toContain("unsafe-eval");
    expect(headers["X-Frame-Options"]).toBe("DENY");
    expect(headers["X-Content-Type-Options"]).toBe("nosniff");
    expect(headers["Referrer-Policy"]).toBe("strict-origin-when-cross-origin");
    expect(headers["Permissions-Policy"]).toContain("camera=()");
    expect(headers["Strict-Transport-Security"]).toMatch(/^max-age=\d{8}/);
  });

  test("development relaxes only what next dev needs (eval, hot-reload socket), and sends no HSTS", async () => {
    const headers = await headersIn("development");
    const csp = headers["Content-Security-Policy"] ?? "";

    expect(csp).toContain("script-src 'self' 'unsafe-eval';");
    expect(csp).not.toContain("script-src 'self' 'unsafe-eval' 'unsafe-inline'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(headers["Strict-Transport-Security"]).toBeUndefined();
  });
});
