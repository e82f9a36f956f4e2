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
 * kill -9 of `next start` while creates are in flight, then a restart on the same port: every
 * create the app acknowledged (answered 200 with its id) is in the database. Prints the counts.
 * Not part of `npm test`: run it with `npm run test:load` (after `npx next build`).
 */
const CONNECTIONS = 10;

let stack: StackProcess;
let app: AppProcess | undefined;
beforeAll(async () => {
  stack = await startStack();
}, 180_000);
afterAll(async () => {
  app?.kill("SIGKILL");
  stack?.child.kill("SIGTERM");
  if (stack) await exited(stack.child);
  if (stack) rmSync(dirname(stack.dataDir), { recursive: true, force: true });
});

test("after kill -9 of the app during writes and a restart, every acknowledged create is stored", async () => {
  const { accessToken } = await signInAlice(stack);
  const first = await startApp(stack);
  app = first;
  const traffic = startTraffic(first.url, accessToken, CONNECTIONS);
  await sleep(5_000);

  first.kill("SIGKILL");
  await exited(first.child);
  const killedAt = traffic.now();
  app = await startApp(stack, first.port);
  const restartedAt = traffic.now();
  await sleep(3_000);
  const outcomes = await traffic.stop();

  const acknowledged = outcomes.flatMap((outcome) => (outcome.createdId ? [outcome.createdId] : []));
  const stored = await storedTodoIds(stack, acknowledged);
  const lost = acknowledged.filter((id) => !stored.has(id));
  const acknowledgedAfterRestart = outcomes.filter((outcome) => outcome.createdId && outcome.sentAt > restartedAt);
  console.log(
    [
      `killed at ${Math.round(killedAt)} ms, answering again after ${Math.round(restartedAt - killedAt)} ms`,
      `answers: ${JSON.stringify(byStatus(outcomes))} (0 = no answer: connection reset or refused)`,
      `acknowledged creates: ${acknowledged.length} (${acknowledgedAfterRestart.length} after the restart), stored: ${stored.size}, lost: ${lost.length}`,
    ].join("\n"),
  );
  expect(acknowledged.length - acknowledgedAfterRestart.length).toBeGreaterThan(0);
  expect(acknowledgedAfterRestart.length).toBeGreaterThan(0);
  expect(lost).toEqual([]);
}, 180_000);
