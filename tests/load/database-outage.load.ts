import { rmSync } from "node:fs";
import { dirname } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { afterAll, beforeAll, expect, test } from "vitest";
import { type AppProcess, exited, type StackProcess, signInAlice, startApp, startStack } from "./processes";
import { byStatus, type Outcome, startTraffic } from "./traffic";

/**
 * The database goes away under reads and writes, then comes back, the app left running:
 * while it is away every call answers 503 with a clear message in under 3 s, and once it is
 * back the app serves again without a restart. Two ways to go away: the local Supabase
 * stops (connections refused), or it freezes (SIGSTOP: connections accepted, never answered).
 * Not part of `npm test`: run it with `npm run test:load` (after `npx next build`).
 */
const CONNECTIONS = 10;
const OUTAGE_MS = 5_000;
const UNAVAILABLE = "The database is unreachable right now. Please try again shortly.";

let stack: StackProcess;
let app: AppProcess;
let accessToken: string;
beforeAll(async () => {
  stack = await startStack();
  app = await startApp(stack);
  ({ accessToken } = await signInAlice(stack));
}, 180_000);
afterAll(async () => {
  app?.kill("SIGKILL");
  stack?.child.kill("SIGCONT");
  stack?.child.kill("SIGTERM");
  if (stack) await exited(stack.child);
  if (stack) rmSync(dirname(stack.dataDir), { recursive: true, force: true });
});

const outages = {
  "stopped (connections refused)": {
    away: async () => {
      stack.child.kill("SIGTERM");
      await exited(stack.child);
    },
    back: async () => {
      stack = await startStack(stack.dataDir, stack.port);
    },
  },
  "frozen (connections never answered)": {
    away: async () => {
      stack.child.kill("SIGSTOP");
    },
    back: async () => {
      stack.child.kill("SIGCONT");
    },
  },
};

test.each(Object.keys(outages) as (keyof typeof outages)[])(
  "with the database %s, reads and writes answer 503 in under 3 s, and serve again once it is back",
  async (name) => {
    const traffic = startTraffic(app.url, accessToken, CONNECTIONS);
    await sleep(3_000);
    await outages[name].away();
    const awayAt = traffic.now();
    await sleep(OUTAGE_MS);
    await outages[name].back();
    const backAt = traffic.now();
    await sleep(4_000);
    const outcomes = await traffic.stop();

    const during = outcomes.filter((outcome) => outcome.sentAt > awayAt && outcome.sentAt + outcome.ms < backAt);
    const after = outcomes.filter((outcome) => outcome.sentAt > backAt);
    const firstServed = after.find((outcome) => outcome.status === 200);
    const recoveredAt = firstServed ? firstServed.sentAt + firstServed.ms : Number.NaN;
    const slowest = (list: Outcome[]) => Math.round(Math.max(0, ...list.map((outcome) => outcome.ms)));
    console.log(
      [
        `${name}: away for ${Math.round(backAt - awayAt)} ms`,
        `while away: ${JSON.stringify(byStatus(during))}, slowest answer ${slowest(during)} ms`,
        `once back: ${JSON.stringify(byStatus(after))}, first success ${Math.round(recoveredAt - backAt)} ms after`,
      ].join("\n"),
    );
    expect(during.length).toBeGreaterThan(0);
    for (const outcome of during) expect(outcome).toMatchObject({ status: 503, message: UNAVAILABLE });
    expect(slowest(during)).toBeLessThan(3_000);
    // Calls sent a moment after the database is back are all served.
    const settled = after.filter((outcome) => outcome.sentAt > recoveredAt);
    expect(settled.length).toBeGreaterThan(0);
    expect(byStatus(settled)).toEqual({ 200: settled.length });
  },
  120_000,
);
