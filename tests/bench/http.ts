/**
 * `npm run bench:http`: the production build under autocannon, tRPC against plain Next API
 * routes doing the same supabase-js work, plus page render rates and the first load of `/`
 * in Chromium, anon and signed in. Builds a throwaway copy of the app (with the plain routes the app does not
 * ship) once, serves it with a local Supabase on free ports, prints ratios, cleans up.
 * Ratios, not timed assertions: rounds interleave the paths, so a busy machine slows all alike.
 * Beside the request rates it prints the Next server's CPU time per request (from /proc), which
 * moves far less than the rates do when other work shares the cores.
 */
import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { createClient, type Session } from "@supabase/supabase-js";
import autocannon from "autocannon";
import { type Browser, chromium } from "playwright-core";
import { openDatabase } from "../../supabase/local/database.ts";
import { serveHttp } from "../../supabase/local/http-server.ts";
import { loadSettings } from "../../supabase/local/settings.ts";
import { createLocalStack } from "../../supabase/local/stack.ts";
import { freePort, portOf } from "../support/ports.ts";

const ROOT = new URL("../..", import.meta.url).pathname;
/** Which app to build: this one, or another checkout (BENCH_APP=/path/to/main) for a before/after. */
const APP_SOURCE = process.env.BENCH_APP ?? ROOT;
const NEXT_BIN = join(ROOT, "node_modules/.bin/next");
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 3);
const WARMUP_SECONDS = 3;

// IMPORTANT: inside this checkout (in the ignored .supabase/), not the system temp folder:
// Turbopack compiles nothing outside the workspace root, and node_modules is found above.
mkdirSync(join(ROOT, ".supabase"), { recursive: true });
const work = mkdtempSync(join(ROOT, ".supabase", "bench-http-"));
const app = join(work, "app");
let next: ChildProcess | undefined;
try {
  buildCopy();
  const db = await openDatabase(join(work, "data"));
  const stack = await createLocalStack(db, loadSettings(), "http://127.0.0.1");
  const api = await serveHttp(stack, 0);
  const supabaseUrl = `http://127.0.0.1:${portOf(api)}`;
  const port = await freePort();
  const env = {
    ...process.env,
    NODE_ENV: "production" as const,
    LOG_LEVEL: "silent",
    SUPABASE_URL: supabaseUrl,
    SUPABASE_ANON_KEY: stack.keys.anonKey,
    SUPABASE_SERVICE_ROLE_KEY: stack.keys.serviceRoleKey,
  };
  next = spawn(NEXT_BIN, ["start", "--hostname", "127.0.0.1", "--port", String(port)], {
    cwd: app,
    env,
    stdio: ["ignore", "ignore", "inherit"],
    detached: true,
  });
  const base = `http://127.0.0.1:${port}`;
  await waitForHttp(`${base}/api/plain/health`);

  const anon = createClient(supabaseUrl, stack.keys.anonKey, { auth: { persistSession: false } });
  const { data, error } = await anon.auth.signInWithPassword({ email: "alice@example.com", password: "password123" });
  if (error) throw error;
  const signedIn = `sb-access-token=${data.session.access_token}; sb-refresh-token=${data.session.refresh_token}`;
  const input = (value: unknown) => encodeURIComponent(JSON.stringify({ json: value }));
  const profile = `profile.get?input=${input({ username: "alice" })}`;
  const batch = `${Array(10).fill("profile.get").join(",")}?batch=1&input=${encodeURIComponent(
    JSON.stringify(Object.fromEntries(Array.from({ length: 10 }, (_, i) => [i, { json: { username: "alice" } }]))),
  )}`;

  const paths: Record<string, { path: string; cookie?: string }> = {
    "trpc health.check": { path: "/api/trpc/health.check" },
    "plain health": { path: "/api/plain/health" },
    "trpc profile.get": { path: `/api/trpc/${profile}` },
    "plain profile": { path: "/api/plain/profile?username=alice" },
    "trpc auth.me": { path: "/api/trpc/auth.me", cookie: signedIn },
    "plain me": { path: "/api/plain/me", cookie: signedIn },
    "trpc 10 x profile.get": { path: `/api/trpc/${batch}` },
    "page / anon": { path: "/" },
    "page / signed in": { path: "/", cookie: signedIn },
  };
  // Unwarmed, the first rounds measure V8's compiler more than the request path.
  for (const { path, cookie } of Object.values(paths)) {
    await autocannon({
      url: `${base}${path}`,
      connections: 10,
      duration: WARMUP_SECONDS,
      headers: cookie ? { cookie } : {},
    });
  }
  const rates: Record<string, number[]> = {};
  const cpuPerRequest: Record<string, number[]> = {};
  const failures: Record<string, number> = {};
  for (let round = 0; round < ROUNDS; round++) {
    for (const [name, { path, cookie }] of Object.entries(paths)) {
      const cpuBefore = cpuMilliseconds(next.pid);
      const result = await autocannon({
        url: `${base}${path}`,
        connections: 10,
        duration: SECONDS,
        headers: cookie ? { cookie } : {},
      });
      rates[name] = [...(rates[name] ?? []), result.requests.average];
      cpuPerRequest[name] = [
        ...(cpuPerRequest[name] ?? []),
        (cpuMilliseconds(next.pid) - cpuBefore) / Math.max(1, result.requests.total),
      ];
      // A busy machine can push health.check past its 1 s database probe (503): counted, not fatal.
      failures[name] = (failures[name] ?? 0) + result.non2xx + result.errors;
    }
  }
  const rate = (name: string) => median(rates[name] ?? []);
  const cpu = (name: string) => median(cpuPerRequest[name] ?? []);
  const row = (what: string, trpc: string, plain: string, goal: string) =>
    `| ${what} | ${rate(trpc).toFixed(0)} | ${rate(plain).toFixed(0)} | ${(rate(trpc) / rate(plain)).toFixed(2)} | ${cpu(trpc).toFixed(2)} | ${cpu(plain).toFixed(2)} | ${(cpu(plain) / cpu(trpc)).toFixed(2)} | ${goal} |`;
  console.log(`\n${ROUNDS} interleaved rounds of ${SECONDS} s, 10 connections, medians`);
  console.log(
    "(req/s; Next's CPU ms per request; a CPU ratio is plain ÷ tRPC, the rate ratio a busy-free machine would show)\n",
  );
  console.log(
    "| path | tRPC req/s | plain req/s | ratio | tRPC CPU ms | plain CPU ms | CPU ratio | goal |\n|---|---|---|---|---|---|---|---|",
  );
  console.log(row("health.check", "trpc health.check", "plain health", ">= 0.6"));
  console.log(row("profile.get (anon)", "trpc profile.get", "plain profile", ">= 0.85"));
  console.log(row("auth.me (signed in)", "trpc auth.me", "plain me", ">= 0.85"));
  const batched = rate("trpc 10 x profile.get") * 10;
  console.log(
    `\n10 x profile.get in one batch: ${batched.toFixed(0)} calls/s, ${(batched / rate("trpc profile.get")).toFixed(1)}x single calls`,
  );
  const signedInRatio = rate("page / signed in") / rate("page / anon");
  console.log(
    `page / server-rendered: anon ${rate("page / anon").toFixed(0)}, signed in ${rate("page / signed in").toFixed(0)} req/s (${signedInRatio.toFixed(2)}x, goal >= 0.8)`,
  );
  const failed = Object.entries(failures).filter(([, count]) => count > 0);
  if (failed.length > 0) console.log(`non-2xx answers or errors: ${failed.map(([n, c]) => `${n} ${c}`).join(", ")}`);
  await firstLoad(base, data.session);
  api.close();
  await db.close();
} finally {
  if (next?.pid) process.kill(-next.pid, "SIGTERM");
  rmSync(work, { recursive: true, force: true });
}

/** The app and the plain routes, built once in the temp folder. */
function buildCopy() {
  mkdirSync(app);
  for (const entry of ["src", "supabase", "package.json", "tsconfig.json", "next.config.mjs"]) {
    cpSync(join(APP_SOURCE, entry), join(app, entry), { recursive: true });
  }
  mkdirSync(join(app, "src/pages/api/plain"));
  cpSync(new URL("http/plain-route.ts", import.meta.url).pathname, join(app, "src/pages/api/plain/[work].ts"));
  console.log("building a copy of the app with plain baseline routes ...");
  execFileSync(NEXT_BIN, ["build"], {
    cwd: app,
    stdio: ["ignore", "ignore", "inherit"],
    env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1" },
  });
}

/**
 * The first load of `/`, anon and signed in: gzipped JavaScript bytes as Chromium received
 * them, and /api/trpc data requests (the live-update stream, opened once the page is
 * interactive, is counted apart).
 * IMPORTANT: in idle time Next loads the pages behind every link in view, for the next
 * navigation (route-loader.ts), unless Save-Data is on. Those files are not this page's
 * first load: it is measured with Save-Data emulated, and the prefetch is reported beside it.
 */
async function firstLoad(base: string, session: Session) {
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
    args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
  });
  try {
    for (const [who, signedIn] of [
      ["anon", null],
      ["signed in", session],
    ] as const) {
      const own = await scriptsOf(browser, base, signedIn, true);
      const withPrefetch = await scriptsOf(browser, base, signedIn, false);
      console.log(
        `first load of / (${who}): ${kib(own.bytes)} KiB of JavaScript as transferred (goal <= 128 KiB gzip) in ${own.files} files; ${own.trpcRequests} /api/trpc data requests (goal 0), ${own.liveStreams} live-update stream`,
      );
      console.log(
        `  and ${kib(withPrefetch.bytes - own.bytes)} KiB in ${withPrefetch.files - own.files} files prefetched in idle time for the links in view`,
      );
    }
  } finally {
    await browser.close();
  }
}

async function scriptsOf(browser: Browser, base: string, session: Session | null, saveData: boolean) {
  const context = await browser.newContext();
  try {
    if (session) {
      await context.addCookies([
        { name: "sb-access-token", value: session.access_token, url: base },
        { name: "sb-refresh-token", value: session.refresh_token, url: base },
      ]);
    }
    const page = await context.newPage();
    // Honoured by Chromium as navigator.connection.saveData, which Next's prefetch checks.
    await (await context.newCDPSession(page)).send("Emulation.setDataSaverOverride", { dataSaverEnabled: saveData });
    const scripts: Promise<number>[] = [];
    let trpcRequests = 0;
    let liveStreams = 0;
    page.on("request", (request) => {
      if (!new URL(request.url()).pathname.startsWith("/api/trpc")) return;
      if (request.headers().accept === "text/event-stream") liveStreams++;
      else trpcRequests++;
    });
    page.on("requestfinished", (request) => {
      if (request.resourceType() === "script") scripts.push(request.sizes().then((sizes) => sizes.responseBodySize));
    });
    // Not "networkidle": the page keeps its live-update stream open.
    await page.goto(base, { waitUntil: "load" });
    await page.waitForTimeout(1_500);
    // A prefetched file is run from the cache later (no body): only downloads count.
    const sizes = (await Promise.all(scripts)).filter((size) => size > 0);
    return { bytes: sizes.reduce((sum, size) => sum + size, 0), files: sizes.length, trpcRequests, liveStreams };
  } finally {
    await context.close();
  }
}

/** CPU time (user + system) a process has used so far, from /proc (Linux). */
function cpuMilliseconds(pid: number | undefined) {
  const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]?.split(" ") ?? [];
  const ticksPerSecond = 100;
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / ticksPerSecond;
}

function kib(bytes: number) {
  return (bytes / 1024).toFixed(1);
}

function median(values: number[]) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
}

async function waitForHttp(url: string) {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (next?.exitCode != null) throw new Error(`next start exited with ${next.exitCode}`);
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // Not listening yet.
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`${url} did not answer within 60 s`);
}
