/**
 * The Content Security Policy of a page: scripts run only if they carry this response's nonce
 * (or were loaded by one that does: 'strict-dynamic'), so injected markup cannot run code.
 * IMPORTANT: `script-src 'self'` alone is not enough with Turbopack builds: every page carries
 * an inline bootstrap script (`TURBOPACK.push(...)`) that it would block, and the page would
 * never hydrate. `next dev` needs eval (fast refresh and React's error stacks) and its
 * hot-reload socket. Inline styles are allowed: the toaster (sonner) injects its own <style>.
 * @see https://nextjs.org/docs/pages/guides/content-security-policy
 */
export function pageContentSecurityPolicy(nonce: string, isDev: boolean) {
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${isDev ? " 'unsafe-eval'" : ""}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self'",
    `connect-src 'self'${isDev ? " ws: wss:" : ""}`,
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join("; ");
}
