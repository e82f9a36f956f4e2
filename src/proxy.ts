import { type NextRequest, NextResponse } from "next/server";
import { pageContentSecurityPolicy } from "./server/content-security-policy";

/**
 * Gives every page response a fresh nonce and the CSP naming it; `_document.tsx` reads the
 * nonce from the request and puts it on Next's scripts. Every page is server-rendered
 * (getServerSideProps), so no page is cached with a stale nonce.
 * @see https://nextjs.org/docs/pages/guides/content-security-policy#adding-a-nonce-with-proxy
 */
export function proxy(request: NextRequest) {
  const nonce = Buffer.from(crypto.randomUUID()).toString("base64");
  const policy = pageContentSecurityPolicy(nonce, process.env.NODE_ENV === "development");
  const headers = new Headers(request.headers);
  headers.set("x-nonce", nonce);
  headers.set("content-security-policy", policy);
  const response = NextResponse.next({ request: { headers } });
  response.headers.set("content-security-policy", policy);
  return response;
}

export const config = {
  // Pages only: the API (which gets its own CSP in next.config.mjs), static files and prefetches need no nonce.
  matcher: [
    {
      source: "/((?!api|_next/static|_next/image|favicon.ico).*)",
      missing: [
        { type: "header", key: "next-router-prefetch" },
        { type: "header", key: "purpose", value: "prefetch" },
      ],
    },
  ],
};
