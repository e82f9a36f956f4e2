import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createClient } from "@supabase/supabase-js";
import type { TestProject } from "vitest/node";
import { openDatabase } from "../../supabase/local/database.ts";
import { serveHttp } from "../../supabase/local/http-server.ts";
import { loadSettings } from "../../supabase/local/settings.ts";
import { createLocalStack } from "../../supabase/local/stack.ts";
import { e2eScript, startChatCompletionsServer } from "../support/chat-completions-server.ts";
import { freePort, portOf } from "../support/ports.ts";

export type DemoUser = "alice" | "bob" | "admin";

declare module "vitest" {
  export interface ProvidedContext {
    appUrl: string;
    /** The fake Chat Completions API the app's assistant talks to (GET /stats says what it saw). */
    upstreamUrl: string;
    /** Every value only the server may know, for the bundle scan. */
    serverSecrets: string[];
    /** A signed-in session per seeded demo user, for tests that are not about signing in. */
    sessions: Record<DemoUser, { accessToken: string; refreshToken: string }>;
  }
}

/**
 * The app as a user gets it: `next start` on the production build (run `next build` first),
 * talking over HTTP to a local Supabase with its own throwaway data folder and free ports.
 */
export default async function setup(project: TestProject) {
  const dataDir = mkdtempSync(join(tmpdir(), "e2e-supabase-"));
  const db = await openDatabase(join(dataDir, "data"));
  const stack = await createLocalStack(db, loadSettings(), "http://127.0.0.1");
  const api = await serveHttp(stack, 0);
  const apiUrl = `http://127.0.0.1:${portOf(api)}`;
  const appPort = await freePort();
  const upstream = await startChatCompletionsServer(e2eScript);
  const openaiKey = "sk-e2e-this-key-stays-on-the-server";

  const next = join(process.cwd(), "node_modules", ".bin", "next");
  const app = spawn(next, ["start", "--hostname", "127.0.0.1", "--port", String(appPort)], {
    stdio: ["ignore", "inherit", "inherit"],
    env: {
      ...process.env,
      NODE_ENV: "production",
      SUPABASE_URL: apiUrl,
      SUPABASE_ANON_KEY: stack.keys.anonKey,
      SUPABASE_SERVICE_ROLE_KEY: stack.keys.serviceRoleKey,
      OPENAI_API_KEY: openaiKey,
      OPENAI_BASE_URL: upstream.baseURL,
      OPENAI_MODEL: "fake-model",
    },
    detached: true,
  });
  const appUrl = `http://127.0.0.1:${appPort}`;
  await waitForHttp(`${appUrl}/api/trpc/health.check`, app);
  project.provide("appUrl", appUrl);
  project.provide("upstreamUrl", upstream.baseURL.replace(/\/v1$/, ""));
  project.provide("serverSecrets", [stack.keys.serviceRoleKey, stack.keys.anonKey, openaiKey]);
  // Signed in straight through Auth: the app's own sign-in is rate-limited per IP, and every
  // test here comes from 127.0.0.1. The sign-in form has tests of its own (auth.e2e.ts).
  const sessions = {} as Record<DemoUser, { accessToken: string; refreshToken: string }>;
  for (const user of ["alice", "bob", "admin"] as const) {
    const auth = createClient(apiUrl, stack.keys.anonKey, { auth: { persistSession: false } });
    const { data, error } = await auth.auth.signInWithPassword({
      email: `${user}@example.com`,
      password: "password123",
    });
    if (error) throw error;
    sessions[user] = { accessToken: data.session.access_token, refreshToken: data.session.refresh_token };
  }
  project.provide("sessions", sessions);

  return async () => {
    if (app.pid) process.kill(-app.pid, "SIGTERM");
    api.close();
    await upstream.close();
    await db.close();
    rmSync(dataDir, { recursive: true, force: true });
  };
}

async function waitForHttp(url: string, app: ChildProcess) {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (app.exitCode !== null) throw new Error(`next start exited with ${app.exitCode}: did \`next build\` run?`);
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // Not listening yet.
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`${url} did not answer within 60 s`);
}
