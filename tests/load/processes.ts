import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { createClient } from "@supabase/supabase-js";
import { freePort } from "../support/ports.ts";

/**
 * The app as `npm start` runs it, in processes the fault tests can stop and kill: the local
 * Supabase (tests/load/stack-process.ts, over its own data folder) and `next start` on the
 * production build, each on a free loopback port.
 *
 *   const stack = await startStack();
 *   const app = await startApp(stack);
 *   app.kill("SIGKILL"); // then: await startApp(stack, app.port)
 */
export interface StackProcess {
  child: ChildProcess;
  dataDir: string;
  port: number;
  url: string;
  anonKey: string;
  serviceRoleKey: string;
}

const READY_TIMEOUT_MS = 120_000;

/** Starts the local Supabase over `dataDir` (a fresh folder unless given) on `port` (a free one unless given). */
export async function startStack(dataDir = join(mkdtempSync(join(tmpdir(), "faults-supabase-")), "data"), port = 0) {
  const script = new URL("stack-process.ts", import.meta.url).pathname;
  const child = spawn(process.execPath, [script, dataDir, String(port)], { stdio: ["ignore", "pipe", "inherit"] });
  const line = await firstLine(child);
  const ready = JSON.parse(line) as { port: number; anonKey: string; serviceRoleKey: string };
  return { child, dataDir, url: `http://127.0.0.1:${ready.port}`, ...ready } satisfies StackProcess;
}

export interface AppProcess {
  child: ChildProcess;
  port: number;
  url: string;
  /** Signals `next start` and every process it started. */
  kill: (signal: NodeJS.Signals) => void;
}

/** `next start` (NODE_ENV=production, built first if .next has no build) against `stack`, on `port` (a free one unless given). */
export async function startApp(stack: StackProcess, port?: number): Promise<AppProcess> {
  const next = join(process.cwd(), "node_modules", ".bin", "next");
  // IMPORTANT: an existing build is reused as it is; after changing the app, rebuild (or delete .next).
  if (!existsSync(".next/BUILD_ID") && spawnSync(next, ["build"], { stdio: "inherit" }).status !== 0) {
    throw new Error("next build failed");
  }
  const appPort = port ?? (await freePort());
  const child = spawn(next, ["start", "--hostname", "127.0.0.1", "--port", String(appPort)], {
    stdio: ["ignore", "ignore", "inherit"],
    env: {
      ...process.env,
      NODE_ENV: "production",
      LOG_LEVEL: "silent",
      SUPABASE_URL: stack.url,
      SUPABASE_ANON_KEY: stack.anonKey,
      SUPABASE_SERVICE_ROLE_KEY: stack.serviceRoleKey,
    },
    // Its own process group, so a kill reaches Next's workers too.
    detached: true,
  });
  const app = {
    child,
    port: appPort,
    url: `http://127.0.0.1:${appPort}`,
    kill: (signal: NodeJS.Signals) => {
      if (child.pid && child.exitCode === null && child.signalCode === null) process.kill(-child.pid, signal);
    },
  };
  await waitUntilAnswering(`${app.url}/api/trpc/health.check`, child);
  return app;
}

/** A seeded demo user's access token, signed in straight through Auth. */
export async function signInAlice(stack: StackProcess) {
  const auth = createClient(stack.url, stack.anonKey, { auth: { persistSession: false } });
  const { data, error } = await auth.auth.signInWithPassword({ email: "alice@example.com", password: "password123" });
  if (error) throw error;
  return { userId: data.user.id, accessToken: data.session.access_token };
}

/** Which of `ids` are rows of public.todos, read with the service role (past Row Level Security). */
export async function storedTodoIds(stack: StackProcess, ids: string[]) {
  const admin = createClient(stack.url, stack.serviceRoleKey, { auth: { persistSession: false } });
  const stored = new Set<string>();
  // In slices: every id travels in the URL.
  for (let start = 0; start < ids.length; start += 100) {
    const { data, error } = await admin
      .from("todos")
      .select("id")
      .in("id", ids.slice(start, start + 100));
    if (error) throw error;
    for (const row of data) stored.add(row.id);
  }
  return stored;
}

/** Waits for a process to end after a signal (or at once if it already has). */
export function exited(child: ChildProcess) {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise<void>((resolve) => child.once("exit", () => resolve()));
}

/** The stack's JSON line saying it is ready. */
function firstLine(child: ChildProcess) {
  return new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error("the stack did not start in time")), READY_TIMEOUT_MS);
    if (!child.stdout) throw new Error("no stdout");
    const lines = createInterface({ input: child.stdout });
    lines.on("line", (line) => {
      if (!line.startsWith("{")) return;
      clearTimeout(timer);
      lines.removeAllListeners("line");
      resolve(line);
    });
    child.once("exit", (code) => reject(new Error(`the stack exited with ${code} before it was ready`)));
  });
}

async function waitUntilAnswering(url: string, child: ChildProcess) {
  const deadline = Date.now() + READY_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`next start exited with ${child.exitCode}`);
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // Not listening yet.
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`${url} did not answer within ${READY_TIMEOUT_MS / 1000} s`);
}
