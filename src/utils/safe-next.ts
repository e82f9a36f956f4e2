/**
 * Where to go after signing in. IMPORTANT: only a path on this site; `//evil.example` and
 * `https://…` would turn the login page into an open redirect.
 */
export function safeNextPath(next: unknown): string {
  if (typeof next !== "string" || !next.startsWith("/") || next.startsWith("//") || next.startsWith("/\\")) return "/";
  return next;
}
