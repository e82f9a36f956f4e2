import { afterAll, beforeAll, expect, test, vi } from "vitest";
import { API_SERVER_STARTUP_MS, startApiServer } from "../../support/api-server";

/**
 * A request whose context cannot be built (the session check needs the database, and it is
 * gone): the error still names the request, as the x-request-id header and the log line do.
 */
let api: Awaited<ReturnType<typeof startApiServer>>;
let accessToken: string;
beforeAll(async () => {
  api = await startApiServer({ LOG_LEVEL: "info" });
  const account = await api.kit.createUser("user");
  ({ accessToken } = await api.kit.signIn(account.email));
  await api.stopSupabase();
}, API_SERVER_STARTUP_MS);
afterAll(() => api?.close());

async function loggedWhile(call: () => Promise<Response>) {
  const written: string[] = [];
  const write = vi.spyOn(process.stdout, "write").mockImplementation((chunk) => {
    written.push(String(chunk));
    return true;
  });
  try {
    const response = await call();
    const body = await response.json();
    const requestId = response.headers.get("x-request-id");
    await vi.waitFor(() => expect(written.join("")).toContain(`"requestId":"${requestId}"`));
    const lines = written
      .join("")
      .trim()
      .split("\n")
      .map((line) => JSON.parse(line));
    return { response, body, requestId, lines };
  } finally {
    write.mockRestore();
  }
}

test.each([
  [
    "a query (auth.me)",
    () => fetch(`${api.url}/api/trpc/auth.me`, { headers: { authorization: `Bearer ${accessToken}` } }),
  ],
  [
    "a batch of queries",
    () =>
      fetch(`${api.url}/api/trpc/auth.me,health.check?batch=1&input=${encodeURIComponent("{}")}`, {
        headers: { authorization: `Bearer ${accessToken}` },
      }),
  ],
])("when the session check fails, %s answers with the request id of its header and log line", async (_, call) => {
  const { response, body, requestId, lines } = await loggedWhile(call);

  expect(response.status).toBe(503);
  expect(requestId).toMatch(/^[0-9a-f-]{36}$/);
  const errors = (Array.isArray(body) ? body : [body]).map((entry) => entry.error.json);
  for (const error of errors) expect(error.data.requestId).toBe(requestId);
  expect(lines.filter((line) => line.requestId === requestId)).toHaveLength(1);
});
