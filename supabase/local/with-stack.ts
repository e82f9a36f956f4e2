/**
 * Runs a command (`next dev`, `next start`) with the local Supabase stack beside it when the
 * environment points at the local stack (the default): starts the stack unless this checkout's
 * is already serving, hands its keys to the command, and stops what it started on Ctrl-C.
 * Something else on the API port (another checkout's stack, `supabase start`) is not reused:
 * its keys are not the ones in this checkout's .supabase/local.env.
 * With SUPABASE_URL pointing anywhere else (hosted Supabase, `supabase start`), it only runs
 * the command.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import nextEnv from "@next/env";
import { LOCAL_ENV_PATH } from "./database.ts";
import { portInUseMessage } from "./ports.ts";
import { loadSettings } from "./settings.ts";

const STARTUP_TIMEOUT_MS = 120_000;

const [command, ...args] = process.argv.slice(2);
if (!command) {
  console.error("usage: node supabase/local/with-stack.ts <command> [args...]");
  process.exit(2);
}

nextEnv.loadEnvConfig(process.cwd(), command === "next" && args[0] === "dev");
const localUrl = `http://127.0.0.1:${loadSettings().api.port}`;
const usesLocalStack = !process.env.SUPABASE_URL || isLocal(process.env.SUPABASE_URL);

let stack: ChildProcess | undefined;
if (usesLocalStack) {
  if (await isServing(localUrl)) {
    if (!(await servesThisCheckout(localUrl))) {
      console.error(portInUseMessage(Number(new URL(localUrl).port), "[api] port"));
      console.error("It is not the local Supabase this checkout started, so it is not reused.");
      process.exit(1);
    }
    console.log(`Using the local Supabase already serving ${localUrl}.`);
  } else {
    stack = spawn(process.execPath, [new URL("cli.ts", import.meta.url).pathname, "start"], { stdio: "inherit" });
    await waitUntilServing(localUrl, stack);
  }
  Object.assign(process.env, { ...readLocalEnv(), ...definedOnly(process.env) });
}

const app = spawn(command, args, { stdio: "inherit", env: process.env });
let stopping = false;
let stackDied = false;
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, () => {
    stopping = true;
    app.kill(signal);
    stack?.kill(signal);
  });
}
// IMPORTANT: an app whose database died would go on answering 503s (or worse, look fine
// until the first query) with the reason scrolled away: stop it, and say why.
stack?.on("exit", (code, signal) => {
  if (stopping) return;
  stackDied = true;
  console.error(
    `\n*** The local Supabase stopped unexpectedly (${signal ?? `exit code ${code}`}); stopping ${command} too. ***\n`,
  );
  app.kill("SIGTERM");
});
app.on("exit", (code, signal) => {
  stopping = true;
  const status = stackDied ? 1 : (code ?? (signal ? 1 : 0));
  if (stack && stack.exitCode === null && stack.signalCode === null) {
    stack.once("exit", () => process.exit(status));
    stack.kill("SIGTERM");
  } else {
    process.exit(status);
  }
});

function isLocal(url: string) {
  const { hostname, port } = new URL(url);
  return ["127.0.0.1", "localhost"].includes(hostname) && port === new URL(localUrl).port;
}

async function isServing(url: string) {
  try {
    const response = await fetch(`${url}/auth/v1/.well-known/jwks.json`, { signal: AbortSignal.timeout(1_000) });
    return response.ok;
  } catch {
    return false;
  }
}

/** The stack this checkout started wrote its keys to local.env; only it accepts them. */
async function servesThisCheckout(url: string) {
  if (!existsSync(LOCAL_ENV_PATH)) return false;
  const anonKey = readLocalEnv().SUPABASE_ANON_KEY ?? "";
  try {
    const response = await fetch(`${url}/auth/v1/settings`, {
      headers: { apikey: anonKey },
      signal: AbortSignal.timeout(1_000),
    });
    return response.ok;
  } catch {
    return false;
  }
}

async function waitUntilServing(url: string, child: ChildProcess) {
  const deadline = Date.now() + STARTUP_TIMEOUT_MS;
  while (!(await isServing(url)) || !existsSync(LOCAL_ENV_PATH)) {
    if (child.exitCode !== null) process.exit(child.exitCode || 1);
    if (Date.now() > deadline) {
      child.kill("SIGTERM");
      throw new Error(`The local Supabase did not answer on ${url} within ${STARTUP_TIMEOUT_MS / 1000} s.`);
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

function readLocalEnv(): Record<string, string> {
  const lines = readFileSync(LOCAL_ENV_PATH, "utf8").split("\n").filter(Boolean);
  return Object.fromEntries(lines.map((line) => [line.slice(0, line.indexOf("=")), line.slice(line.indexOf("=") + 1)]));
}

/** Variables the user set explicitly (even in .env files) win over the stack's. */
function definedOnly(env: NodeJS.ProcessEnv) {
  return Object.fromEntries(Object.entries(env).filter(([, value]) => value !== undefined && value !== ""));
}
