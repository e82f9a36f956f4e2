import { request } from "node:http";
import superjson from "superjson";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { API_SERVER_STARTUP_MS, startApiServer } from "../../support/api-server";

/** Request bounds of the API route, over real HTTP: refused before any procedure runs. */
let api: Awaited<ReturnType<typeof startApiServer>>;
beforeAll(async () => {
  api = await startApiServer();
}, API_SERVER_STARTUP_MS);
afterAll(() => api?.close());

const input = (value: unknown) => encodeURIComponent(JSON.stringify(superjson.serialize(value)));
const nested = (depth: number) => `${"[".repeat(depth)}${"]".repeat(depth)}`;
const signIn = { email: "nobody@example.test", password: "not the password" };

async function errorOf(response: Response) {
  const body = await response.json();
  return { status: response.status, code: body.error.json.data.code, message: body.error.json.message };
}

function post(path: string, body: string, headers: Record<string, string> = {}) {
  return fetch(`${api.url}/api/trpc/${path}`, {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body,
  });
}

async function rateLimitRows() {
  const { rows } = await api.kit.stack.db.query<{ count: number }>(
    "select count(*)::int as count from private.rate_limits",
  );
  return rows[0]?.count;
}

describe("batch size", () => {
  test("a batch of 21 calls is refused with 400 before any procedure runs", async () => {
    const paths = Array(21).fill("auth.signIn").join(",");
    const body = JSON.stringify(
      Object.fromEntries(Array.from({ length: 21 }, (_, i) => [i, superjson.serialize(signIn)])),
    );

    const response = await post(`${paths}?batch=1`, body);

    expect(await errorOf(response)).toEqual({
      status: 400,
      code: "BAD_REQUEST",
      message: "Too many calls in one batch: 21, at most 20 are allowed",
    });
    expect(await rateLimitRows()).toBe(0);
  });

  test("a batch of 20 calls is answered", async () => {
    const response = await fetch(`${api.url}/api/trpc/${Array(20).fill("health.check").join(",")}?batch=1`);

    expect(response.status).toBe(200);
    expect(await response.json()).toHaveLength(20);
  });
});

describe("malformed input is a 400 with a clear message, never a 500", () => {
  test("JSON nested 10,000 levels in a mutation body", async () => {
    const response = await post("auth.signIn", `{"json":${nested(10_000)}}`);

    expect(await errorOf(response)).toMatchObject({ status: 400, message: expect.stringMatching(/nested deeper/) });
  });

  // A URL holding 10,000 levels is past Node's 16 KB header limit (431) before it gets here.
  test("JSON nested 2,000 levels in a query's input", async () => {
    const response = await fetch(`${api.url}/api/trpc/profile.get?input=${encodeURIComponent(nested(2_000))}`);

    expect(await errorOf(response)).toMatchObject({ status: 400, message: expect.stringMatching(/nested deeper/) });
  });

  test.each([
    ["JSON that does not parse", encodeURIComponent('{"json":')],
    ["a superjson BigInt that is not a number", encodeURIComponent('{"json":"alice","meta":{"values":["bigint"]}}')],
  ])("%s answers 'Malformed request', not the library's words", async (_, raw) => {
    const response = await fetch(`${api.url}/api/trpc/profile.get?input=${raw}`);

    expect(await errorOf(response)).toEqual({ status: 400, code: "BAD_REQUEST", message: "Malformed request" });
  });

  test("a zod failure still names the field", async () => {
    const response = await fetch(`${api.url}/api/trpc/profile.get?input=${input({ username: "X" })}`);
    const body = await response.json();

    expect(response.status).toBe(400);
    expect(Object.keys(body.error.json.data.zodError.fieldErrors)).toEqual(["username"]);
  });
});

describe("content types", () => {
  test.each([
    ["multipart/form-data; boundary=x", "--x\r\nContent-Disposition: form-data; name=email\r\n\r\na\r\n--x--\r\n"],
    ["application/octet-stream", "\u0000\u0001"],
    ["text/plain", JSON.stringify(superjson.serialize(signIn))],
    ["application/x-www-form-urlencoded", "email=a&password=b"],
  ])("a mutation sent as %s is refused with 415", async (contentType, body) => {
    const response = await post("auth.signIn", body, { "content-type": contentType });

    expect(await errorOf(response)).toMatchObject({ status: 415, code: "UNSUPPORTED_MEDIA_TYPE" });
    expect(await rateLimitRows()).toBe(0);
  });
});

describe("cross-site mutations", () => {
  test.each(["none", "same-origin", "cross-site"])(
    "a foreign Origin is refused whatever Sec-Fetch-Site says (%s)",
    async (fetchSite) => {
      const response = await post("auth.signOut", "", { origin: "http://evil.test", "sec-fetch-site": fetchSite });

      expect(await errorOf(response)).toMatchObject({ status: 403, code: "FORBIDDEN" });
    },
  );

  test("the API's own origin may sign out", async () => {
    const response = await post("auth.signOut", "", { origin: api.url, "sec-fetch-site": "same-origin" });

    expect(response.status).toBe(200);
  });
});

test("a 429 carries Retry-After with the seconds the rate limit names", async () => {
  const attempts = [];
  for (let attempt = 0; attempt < 11; attempt++)
    attempts.push(await post("auth.signIn", JSON.stringify(superjson.serialize(signIn))));
  const last = attempts.at(-1);

  expect(attempts.map((response) => response.status)).toEqual([...Array(10).fill(401), 429]);
  expect(Number(last?.headers.get("retry-after"))).toBeGreaterThan(0);
  expect(Number(last?.headers.get("retry-after"))).toBeLessThanOrEqual(300);
});

describe("methods", () => {
  // fetch's Request refuses TRACE outright, so tRPC never sees it: the route answers it.
  test.each(["PUT", "DELETE", "TRACE"])("%s is refused with 405 in tRPC's own error shape", async (method) => {
    const answer = await new Promise<{ status: number; body: string }>((resolve, reject) => {
      const sent = request(`${api.url}/api/trpc/health.check`, { method }, (response) => {
        let body = "";
        response.on("data", (chunk) => {
          body += chunk;
        });
        response.on("end", () => resolve({ status: response.statusCode ?? 0, body }));
      });
      sent.on("error", reject);
      sent.end();
    });

    expect(answer.status).toBe(405);
    expect(JSON.parse(answer.body).error.json.data.code).toBe("METHOD_NOT_SUPPORTED");
  });
});
