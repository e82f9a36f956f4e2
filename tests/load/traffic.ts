import superjson from "superjson";

/**
 * Closed-loop traffic for the fault tests: `connections` loops, each sending an anon read,
 * a signed-in read and a create in turn, recording every answer (status, time taken, the
 * error's message, the created id) until stopped. Bounded: each call gives up after 10 s,
 * and a loop whose call failed (no answer, a 5xx) waits a little before the next.
 */
export interface Outcome {
  call: "read" | "signed-in read" | "create";
  /** When the call was sent, in ms since the traffic started. */
  sentAt: number;
  ms: number;
  /** The HTTP status, or 0 when no answer came (refused, reset, timed out). */
  status: number;
  message?: string;
  /** The created to-do's id, when a create answered 200: an acknowledged write. */
  createdId?: string;
}

const CALL_TIMEOUT_MS = 10_000;
const BACKOFF_MS = 50;

export function startTraffic(appUrl: string, accessToken: string, connections: number) {
  const startedAt = performance.now();
  const outcomes: Outcome[] = [];
  let stopping = false;
  const signedIn = { authorization: `Bearer ${accessToken}` };
  const input = (value: unknown) => encodeURIComponent(JSON.stringify(superjson.serialize(value)));
  const calls = {
    read: () => fetch(`${appUrl}/api/trpc/profile.get?input=${input({ username: "alice" })}`, signal()),
    "signed-in read": () =>
      fetch(`${appUrl}/api/trpc/todo.list?input=${input({ limit: 10 })}`, { headers: signedIn, ...signal() }),
    create: () =>
      fetch(`${appUrl}/api/trpc/todo.create`, {
        method: "POST",
        headers: { ...signedIn, "content-type": "application/json" },
        body: JSON.stringify(superjson.serialize({ title: "fault test" })),
        ...signal(),
      }),
  };

  async function loop(offset: number) {
    const names = Object.keys(calls) as Outcome["call"][];
    for (let turn = offset; !stopping; turn++) {
      const call = names[turn % names.length] as Outcome["call"];
      const sentAt = performance.now();
      const outcome = await answerOf(calls[call]);
      outcomes.push({ call, sentAt: sentAt - startedAt, ms: performance.now() - sentAt, ...outcome });
      if (outcome.status === 0 || outcome.status >= 500)
        await new Promise((resolve) => setTimeout(resolve, BACKOFF_MS));
    }
  }
  const loops = Array.from({ length: connections }, (_, index) => loop(index));

  return {
    outcomes,
    /** Time since the traffic started, on the outcomes' clock. */
    now: () => performance.now() - startedAt,
    stop: async () => {
      stopping = true;
      await Promise.all(loops);
      return outcomes;
    },
  };
}

const signal = () => ({ signal: AbortSignal.timeout(CALL_TIMEOUT_MS) });

async function answerOf(call: () => Promise<Response>): Promise<Pick<Outcome, "status" | "message" | "createdId">> {
  try {
    const response = await call();
    const body = await response.json();
    if (response.ok) return { status: response.status, createdId: body.result?.data?.json?.id };
    return { status: response.status, message: body.error?.json?.message };
  } catch {
    return { status: 0 };
  }
}

/** Counts of outcomes by status, e.g. { "200": 812, "503": 40, "0": 12 }. */
export function byStatus(outcomes: Outcome[]) {
  const counts: Record<string, number> = {};
  for (const { status } of outcomes) counts[status] = (counts[status] ?? 0) + 1;
  return counts;
}
