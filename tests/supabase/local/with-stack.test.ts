import { type ChildProcess, spawn } from "node:child_process";
import { cpSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, expect, test } from "vitest";
import { freePort } from "../../support/ports.ts";

/**
 * `npm run dev` / `npm start` (supabase/local/with-stack.ts) with a tiny stand-in for Next:
 * when the local Supabase dies under it, the wrapper says so loudly, stops the app, and exits
 * non-zero.
 * IMPORTANT: the stack's ports come from supabase/config.toml, so this runs a copy of the
 * project's supabase/ folder whose config names free ports: it never meets (or reuses) the
 * stack of a developer's `npm run dev`.
 */
const FAKE_APP = 'console.log("fake app pid", process.pid); setInterval(() => {}, 1000);';

let project: string;
let wrapper: ChildProcess | undefined;
let output = "";
beforeAll(async () => {
  project = mkdtempSync(join(tmpdir(), "with-stack-"));
  for (const part of ["local", "migrations", "seed.sql"])
    cpSync(join("supabase", part), join(project, "supabase", part), { recursive: true });
  // The migrated snapshot global-setup built: the copy's first start restores it instead of building it again.
  cpSync(join(".supabase", "snapshots"), join(project, ".supabase", "snapshots"), { recursive: true });
  const config = readFileSync("supabase/config.toml", "utf8")
    .replace(/^port = 54321$/m, `port = ${await freePort()}`)
    .replace(/^port = 54322$/m, `port = ${await freePort()}`);
  writeFileSync(join(project, "supabase", "config.toml"), config);
  cpSync("package.json", join(project, "package.json"));
  symlinkSync(join(process.cwd(), "node_modules"), join(project, "node_modules"));
});
afterAll(() => {
  if (wrapper?.exitCode === null) wrapper.kill("SIGKILL");
  for (const pid of [pidIn("pid (\\d+)\\)"), pidIn("fake app pid (\\d+)")])
    if (pid && isAlive(pid)) process.kill(pid, "SIGKILL");
  rmSync(project, { recursive: true, force: true });
});

test("when the local Supabase is killed, the app is stopped, the reason printed, and the exit code is 1", async () => {
  // With no SUPABASE_* set, the wrapper starts the (copied) local stack as `npm run dev` does.
  const env = { ...process.env };
  for (const name of Object.keys(env)) if (name.startsWith("SUPABASE_")) delete env[name];
  const child: ChildProcess = spawn(
    process.execPath,
    ["supabase/local/with-stack.ts", process.execPath, "-e", FAKE_APP],
    {
      cwd: project,
      env,
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
  wrapper = child;
  child.stdout?.on("data", (chunk: Buffer) => (output += chunk));
  child.stderr?.on("data", (chunk: Buffer) => (output += chunk));
  const exited = new Promise<number | null>((resolve) => child.once("exit", resolve));
  await waitFor(() => pidIn("fake app pid (\\d+)"));
  const stackPid = pidIn("pid (\\d+)\\)");
  const appPid = pidIn("fake app pid (\\d+)");
  if (!stackPid || !appPid) throw new Error(`no pids in:\n${output}`);

  process.kill(stackPid, "SIGKILL");

  expect(await exited).toBe(1);
  expect(output).toContain("*** The local Supabase stopped unexpectedly (SIGKILL); stopping");
  expect(isAlive(appPid)).toBe(false);
}, 90_000);

/** The first number `pattern` captures in what the wrapper (and its children) printed. */
function pidIn(pattern: string) {
  const match = new RegExp(pattern).exec(output);
  return match ? Number(match[1]) : undefined;
}

function isAlive(pid: number) {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function waitFor(found: () => unknown) {
  const deadline = Date.now() + 60_000;
  while (!found()) {
    if (wrapper?.exitCode !== null) throw new Error(`with-stack exited early:\n${output}`);
    if (Date.now() > deadline) throw new Error(`nothing started within 60 s:\n${output}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
