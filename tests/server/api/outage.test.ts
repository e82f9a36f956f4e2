import { createServer, type Socket } from "node:net";
import superjson from "superjson";
import { afterAll, beforeAll, describe, expect, test, vi } from "vitest";
import { API_SERVER_STARTUP_MS, startApiServer } from "../../support/api-server";

/** The API with its database gone: clear 503s in well under 3 s, and one log line per request. */
let api: Awaited<ReturnType<typeof startApiServer>>;
let tokens: { accessToken: string; refreshToken: string };
/** Shorter than the 2 s default, so waiting out a database that never answers stays quick. */
const SUPABASE_TIMEOUT_MS = 500;
beforeAll(async () => {
  api = await startApiServer({ LOG_LEVEL: "info", SUPABASE_TIMEOUT_MS: String(SUPABASE_TIMEOUT_MS) });
  const account = await api.kit.createUser("user");
  tokens = await api.kit.signIn(account.email);
}, API_SERVER_STARTUP_MS);
afterAll(() => api?.close());

const SECRET_PASSWORD = "hunter2-never-logged";
const signIn = JSON.stringify(superjson.serialize({ email: "carol@example.test", password: SECRET_PASSWORD }));

const calls = {
  "health.check": () => fetch(`${api.url}/api/trpc/health.check`),
  "a read (profile.get)": () =>
    fetch(
      `${api.url}/api/trpc/profile.get?input=${encodeURIComponent(JSON.stringify({ json: { username: "carol" } }))}`,
    ),
  "a signed-in read (auth.me)": () =>
    fetch(`${api.url}/api/trpc/auth.me`, { headers: { authorization: `Bearer ${tokens.accessToken}` } }),
  "a write (auth.signIn)": () =>
    fetch(`${api.url}/api/trpc/auth.signIn`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${tokens.accessToken}` },
      body: signIn,
    }),
};

async function timed(call: () => Promise<Response>) {
  const startedAt = performance.now();
  const response = await call();
  const body = await response.json();
  return { response, body, ms: performance.now() - startedAt };
}

test("health.check answers 200 with the database ok while it is up", async () => {
  const { response, body } = await timed(calls["health.check"]);

  expect(response.status).toBe(200);
  expect(superjson.deserialize(body.result.data)).toMatchObject({ status: "ok", database: "ok" });
});

describe("with the database unreachable (connection refused)", () => {
  beforeAll(() => api.stopSupabase());

  test("health.check answers 503 and reports degraded", async () => {
    const { response, body, ms } = await timed(calls["health.check"]);

    expect(response.status).toBe(503);
    expect(superjson.deserialize(body.result.data)).toMatchObject({ status: "degraded", database: "unreachable" });
    expect(ms).toBeLessThan(3_000);
  });

  test.each(Object.keys(calls).slice(1) as (keyof typeof calls)[])(
    "%s answers 503 SERVICE_UNAVAILABLE with a clear message in under 3 s",
    async (name) => {
      const { response, body, ms } = await timed(calls[name]);

      expect(response.status).toBe(503);
      expect(body.error.json.message).toBe("The database is unreachable right now. Please try again shortly.");
      expect(ms).toBeLessThan(3_000);
    },
  );

  test("a failing request logs one line with its request id, the cause, and no password or token", async () => {
    const written: string[] = [];
    const write = vi.spyOn(process.stdout, "write").mockImplementation((chunk) => {
      written.push(String(chunk));
      return true;
    });
    const response = await calls["a write (auth.signIn)"]();
    await response.text();
    await vi.waitFor(() => expect(written.join("")).toContain(response.headers.get("x-request-id")));
    write.mockRestore();

    const lines = written
      .join("")
      .trim()
      .split("\n")
      .map((line) => JSON.parse(line));
    const mine = lines.filter((line) => line.requestId === response.headers.get("x-request-id"));
    expect(mine).toHaveLength(1);
    expect(mine[0]).toMatchObject({ path: "auth.signIn", status: 503, level: 50, err: expect.any(Object) });
    expect(written.join("")).not.toContain(SECRET_PASSWORD);
    expect(written.join("")).not.toContain(tokens.accessToken);
  });
});

describe("with the database accepting connections but never answering", () => {
  const sockets: Socket[] = [];
  const blackHole = createServer((socket) => sockets.push(socket));
  beforeAll(() => new Promise<void>((resolve) => blackHole.listen(api.supabasePort, "127.0.0.1", resolve)));
  afterAll(() => {
    for (const socket of sockets) socket.destroy();
    return new Promise<void>((resolve) => blackHole.close(() => resolve()));
  });

  test.each(Object.keys(calls) as (keyof typeof calls)[])("%s answers 503 once its timeout passes", async (name) => {
    const { response, ms } = await timed(calls[name]);

    expect(response.status).toBe(503);
    // Every call to Supabase gives up after SUPABASE_TIMEOUT_MS (health.check's probe at 1 s, if sooner).
    expect(ms).toBeGreaterThanOrEqual(SUPABASE_TIMEOUT_MS - 50);
    expect(ms).toBeLessThan(2_000);
  });
});
