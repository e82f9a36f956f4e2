import { rmSync } from "node:fs";
import { dirname } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { afterAll, beforeAll, expect, test } from "vitest";
import {
  type AppProcess,
  exited,
  type StackProcess,
  signInAlice,
  startApp,
  startStack,
  storedTodoIds,
} from "./processes";
import { byStatus, startTraffic } from "./traffic";

/**
 * kill -9 of the local Supabase (database and all) while creates are in flight, then a
 * restart over the same data folder and port, the app left running: every create the app
 * acknowledged is in the reopened database, and the app serves again without a restart.
 * Not part of `npm test`: run it with `npm run test:load` (after `npx next build`).
 */
const CONNECTIONS = 10;

let stack: StackProcess;
let app: AppProcess;
beforeAll(async () => {
  stack = await startStack();
  app = await startApp(stack);
}, 180_000);
afterAll(async () => {
  app?.kill("SIGKILL");
  stack?.child.kill("SIGTERM");
  if (stack) await exited(stack.child);
  if (stack) rmSync(dirname(stack.dataDir), { recursive: true, force: true });
});

test("after kill -9 of the local stack during writes and a restart, every acknowledged create is stored", async () => {
  const { accessToken } = await signInAlice(stack);
  const traffic = startTraffic(app.url, accessToken, CONNECTIONS);
  await sleep(5_000);

  const killed = stack;
  killed.child.kill("SIGKILL");
  await exited(killed.child);
  const killedAt = traffic.now();
  stack = await startStack(killed.dataDir, killed.port);
  const restartedAt = traffic.now();
  await sleep(3_000);
  const outcomes = await traffic.stop();

  const acknowledged = outcomes.flatMap((outcome) => (outcome.createdId ? [outcome.createdId] : []));
  const stored = await storedTodoIds(stack, acknowledged);
  const lost = acknowledged.filter((id) => !stored.has(id));
  const afterRestart = outcomes.filter((outcome) => outcome.sentAt > restartedAt);
  console.log(
    [
      `killed at ${Math.round(killedAt)} ms, the stack answering again after ${Math.round(restartedAt - killedAt)} ms`,
      `answers: ${JSON.stringify(byStatus(outcomes))}; after the restart: ${JSON.stringify(byStatus(afterRestart))}`,
      `acknowledged creates: ${acknowledged.length}, stored: ${stored.size}, lost: ${lost.length}`,
    ].join("\n"),
  );
  expect(outcomes.filter((outcome) => outcome.createdId && outcome.sentAt < killedAt).length).toBeGreaterThan(0);
  expect(afterRestart.filter((outcome) => outcome.createdId).length).toBeGreaterThan(0);
  expect(lost).toEqual([]);
}, 180_000);
