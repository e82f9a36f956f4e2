import { randomUUID } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import { TRPCError } from "@trpc/server";
import {
  ACCESS_TOKEN_COOKIE,
  clearedSessionCookies,
  REFRESH_TOKEN_COOKIE,
  type SessionTokens,
  sessionCookies,
} from "./auth/cookies";
import { resolveSession, type SessionUser } from "./auth/session";
import { getServerEnv } from "./env";
import { formTokens } from "./form-token";
import { isCrossSite } from "./http/origin";
import { requestRecordOf } from "./http/request-log";
import { DEFAULT_LIVE_SETTINGS, type LiveSettings } from "./live/settings";
import {
  callerClient,
  projectFromEnv,
  type SupabaseProject,
  sharedClients,
  type TypedSupabaseClient,
} from "./supabase/clients";

interface CreateInnerContextOptions {
  project: SupabaseProject;
  /** The verified caller, or null for anon. */
  user?: SessionUser | null;
  accessToken?: string | null;
  requestId?: string;
  clientIp?: string | null;
  /** False when a browser says the request comes from another site (see isCrossSite). */
  sameSite?: boolean;
  /** Where Set-Cookie headers go: the response over HTTP, a list in tests. */
  setCookies?: (cookies: string[]) => void;
  live?: LiveSettings;
}

/**
 * The context every procedure sees, built without Next's request/response so tests can
 * call `createCaller(createContextInner({ project, user, accessToken }))` with nothing mocked.
 * @see https://trpc.io/docs/server/context#inner-and-outer-context
 */
export function createContextInner(opts: CreateInnerContextOptions) {
  const { project, setCookies = () => {} } = opts;
  const accessToken = opts.accessToken ?? null;
  return {
    /** Which Supabase this request talks to (for server tasks such as the live change feed). */
    project,
    requestId: opts.requestId ?? randomUUID(),
    clientIp: opts.clientIp ?? null,
    sameSite: opts.sameSite ?? true,
    user: opts.user ?? null,
    accessToken,
    /** Acts as the caller: Row Level Security decides what every query may touch. */
    supabase: callerClient(project, accessToken),
    /** Bypasses Row Level Security; only for named server tasks. Shared: never sign in with it. */
    serviceRole: (): TypedSupabaseClient => sharedClients(project).serviceRole,
    /** Limits of live-update subscriptions. */
    live: opts.live ?? DEFAULT_LIVE_SETTINGS,
    /** Signs and checks the time a form was opened (anti-spam). */
    formTokens: formTokens(project.serviceRoleKey),
    session: {
      start: (tokens: SessionTokens) => setCookies(sessionCookies(tokens)),
      end: () => setCookies(clearedSessionCookies()),
    },
  };
}

export type Context = ReturnType<typeof createContextInner>;

export interface RequestWithCookies extends IncomingMessage {
  cookies: Partial<Record<string, string>>;
}

/** The context of an HTTP request (API route or getServerSideProps): who is calling, from where. */
export async function createContext({ req, res }: { req: RequestWithCookies; res: ServerResponse }) {
  const project = projectFromEnv();
  const env = getServerEnv();
  const record = requestRecordOf(req);
  const setCookies = (cookies: string[]) => appendSetCookie(res, cookies);
  const session = await resolveSession(
    project,
    {
      bearerToken: bearerToken(req.headers.authorization),
      accessTokenCookie: req.cookies[ACCESS_TOKEN_COOKIE],
      refreshTokenCookie: req.cookies[REFRESH_TOKEN_COOKIE],
    },
    // tRPC takes queries by GET and mutations only by POST: writes never trust a cached answer.
    { allowCachedLiveness: req.method === "GET" },
  );
  if (session.cookies === "clear") setCookies(clearedSessionCookies());
  else if (session.cookies !== "keep") setCookies(sessionCookies(session.cookies));

  if (record) record.callerId = session.user?.id ?? null;
  const ctx = createContextInner({
    project,
    requestId: record?.id,
    user: session.user,
    accessToken: session.accessToken,
    clientIp: clientIp(req),
    sameSite: !isCrossSite(req),
    setCookies,
    live: { maxStreamsPerUser: env.LIVE_MAX_SUBSCRIPTIONS_PER_USER, pollMs: env.LIVE_POLL_MS },
  });
  res.setHeader("x-request-id", ctx.requestId);
  return ctx;
}

function bearerToken(header: string | undefined) {
  const match = header && /^Bearer\s+(\S+)$/i.exec(header);
  return match ? match[1] : null;
}

function appendSetCookie(res: ServerResponse, cookies: string[]) {
  if (res.headersSent) {
    // A streamed response (httpBatchStreamLink) sent its headers before the procedure ran.
    throw new TRPCError({ code: "BAD_REQUEST", message: "Call procedures that sign in or out without streaming" });
  }
  const existing = res.getHeader("set-cookie");
  const previous = Array.isArray(existing) ? existing : existing ? [String(existing)] : [];
  // A later cookie of the same name replaces an earlier one within this response.
  const names = new Set(cookies.map((cookie) => cookie.slice(0, cookie.indexOf("="))));
  const kept = previous.filter((cookie) => !names.has(cookie.slice(0, cookie.indexOf("="))));
  res.setHeader("set-cookie", [...kept, ...cookies]);
}

/**
 * IMPORTANT: X-Forwarded-For is whatever the client wrote unless a proxy we run overwrote it,
 * so it is trusted only when TRUST_PROXY=true says such a proxy is in front (Vercel, nginx).
 */
function clientIp(req: IncomingMessage) {
  if (getServerEnv().TRUST_PROXY) {
    const forwarded = req.headers["x-forwarded-for"];
    const first = (Array.isArray(forwarded) ? forwarded[0] : forwarded)?.split(",")[0]?.trim();
    if (first) return first;
  }
  return req.socket.remoteAddress ?? null;
}
