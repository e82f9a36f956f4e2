/**
 * Where to go after signing in. IMPORTANT: only a path on this site. Checking the string is
 * not enough (`//evil.example`, and `/\t/evil.example`, which browsers read as `//evil.example`
 * once they drop the tab), so the path is resolved as a URL and kept only if it stays home.
 */
export function safeNextPath(next: unknown): string {
  if (typeof next !== "string" || !next.startsWith("/")) return "/";
  const home = "http://home.invalid";
  try {
    const url = new URL(next, home);
    return url.origin === home ? `${url.pathname}${url.search}${url.hash}` : "/";
  } catch {
    return "/";
  }
}
