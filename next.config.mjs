const isDev = process.env.NODE_ENV !== "production";

/**
 * A strict Content Security Policy: scripts, styles and requests from this origin only.
 * `script-src 'self'` holds in production with the pages router, whose only inline script is
 * `__NEXT_DATA__`, JSON that never runs. IMPORTANT: `next dev` needs eval (fast refresh), so
 * only development allows it. Inline styles are allowed everywhere: the toaster (sonner) and
 * Next's dev overlay inject <style> elements; styles cannot run code.
 * @see https://nextjs.org/docs/pages/guides/content-security-policy
 */
const contentSecurityPolicy = [
  "default-src 'self'",
  `script-src 'self'${isDev ? " 'unsafe-eval'" : ""}`,
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self'",
  // Hot reload talks over a WebSocket in development.
  `connect-src 'self'${isDev ? " ws: wss:" : ""}`,
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join("; ");

/** On every page and API response. */
export const securityHeaders = [
  { key: "Content-Security-Policy", value: contentSecurityPolicy },
  // frame-ancestors for browsers that predate it: no page of this app may be framed (clickjacking).
  { key: "X-Frame-Options", value: "DENY" },
  { key: "X-Content-Type-Options", value: "nosniff" },
  { key: "Referrer-Policy", value: "strict-origin-when-cross-origin" },
  { key: "Permissions-Policy", value: "camera=(), microphone=(), geolocation=(), payment=(), usb=()" },
  { key: "Cross-Origin-Opener-Policy", value: "same-origin" },
  // HTTPS only, for two years; never in development, where localhost speaks plain HTTP.
  ...(isDev ? [] : [{ key: "Strict-Transport-Security", value: "max-age=63072000; includeSubDomains" }]),
];

/** @type {import('next').NextConfig} */
const nextConfig = {
  reactStrictMode: true,
  poweredByHeader: false,
  // `npm run typecheck` checks the whole project (tests and supabase/local too) once in CI;
  // the build need not check it a second time.
  typescript: { ignoreBuildErrors: true },
  headers: async () => [{ source: "/:path*", headers: securityHeaders }],
};

export default nextConfig;
