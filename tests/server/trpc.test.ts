import { fetchRequestHandler } from "@trpc/server/adapters/fetch";
import superjson from "superjson";
import { afterEach, describe, expect, test, vi } from "vitest";
import { z } from "zod";

/**
 * The error formatter as the browser sees it: real HTTP responses of a small router built
 * with the app's own `trpc.ts`, loaded fresh per NODE_ENV because it reads the env once.
 */
async function loadServer(nodeEnv: "development" | "production") {
  vi.stubEnv("NODE_ENV", nodeEnv);
  vi.resetModules();
  const { createTRPCRouter, publicProcedure } = await import("~/server/trpc");
  const { createContextInner } = await import("~/server/context");
  const router = createTRPCRouter({
    greet: publicProcedure
      .input(z.object({ name: z.string().min(3, "Name needs at least 3 characters") }))
      .query(({ input }) => `hello ${input.name}`),
    rename: publicProcedure.input(z.object({ name: z.string() })).mutation(({ input }) => input.name),
    crash: publicProcedure.query(() => {
      throw new Error("connection to db.internal:5432 failed: password for user app is hunter2");
    }),
  });
  return (path: string, init?: RequestInit) =>
    fetchRequestHandler({
      endpoint: "/api/trpc",
      router,
      req: new Request(`http://127.0.0.1/api/trpc/${path}`, init),
      createContext: () =>
        createContextInner({
          requestId: "req-42",
          project: { url: "http://127.0.0.1:9", anonKey: "unused", serviceRoleKey: "unused" },
        }),
    });
}

const inputParam = (value: unknown) => `input=${encodeURIComponent(JSON.stringify(superjson.serialize(value)))}`;

afterEach(() => {
  vi.unstubAllEnvs();
});

describe("error formatter", () => {
  test("a zod failure answers 400 with field errors keyed by field", async () => {
    const call = await loadServer("production");

    const response = await call(`greet?${inputParam({ name: "x" })}`);
    const body = await response.json();

    expect(response.status).toBe(400);
    expect(body.error.json.data.code).toBe("BAD_REQUEST");
    expect(body.error.json.message).toBe("Some fields need attention");
    expect(body.error.json.data.zodError.fieldErrors).toEqual({ name: ["Name needs at least 3 characters"] });
  });

  test("an unexpected throw in production answers 500 with a generic message, no stack, and the request id", async () => {
    const call = await loadServer("production");

    const response = await call("crash");
    const text = await response.text();
    const body = JSON.parse(text);

    expect(response.status).toBe(500);
    expect(body.error.json.message).toBe("Something went wrong on our side. Please try again.");
    expect(body.error.json.data.requestId).toBe("req-42");
    expect(body.error.json.data.stack).toBeUndefined();
    expect(text).not.toContain("hunter2");
  });

  test("in development the real message and stack are shown to help debugging", async () => {
    const call = await loadServer("development");

    const body = await (await call("crash")).json();

    expect(body.error.json.message).toContain("hunter2");
    expect(body.error.json.data.stack).toContain("Error:");
  });

  test("a mutation called with GET is refused with 405", async () => {
    const call = await loadServer("production");

    const response = await call(`rename?${inputParam({ name: "x" })}`);

    expect(response.status).toBe(405);
  });

  test("a valid query answers 200 with the superjson-encoded result", async () => {
    const call = await loadServer("production");

    const body = await (await call(`greet?${inputParam({ name: "ada" })}`)).json();

    expect(superjson.deserialize(body.result.data)).toBe("hello ada");
  });
});
