import { TRPCError } from "@trpc/server";
import { afterAll, beforeAll, beforeEach, describe, expect, test, vi } from "vitest";
import type { AssistantConfig } from "~/server/assistant/config";
import type { ReplyEvent } from "~/server/assistant/reply";
import type { Context } from "~/server/context";
import { RateLimitedCause } from "~/server/rate-limit";
import { createAssistantRouter } from "~/server/routers/assistant";
import { createCallerFactory, createTRPCRouter } from "~/server/trpc";
import { createTestKit } from "../../support/callers";
import {
  type ChatCompletionsServer,
  FAKE_USAGE,
  startChatCompletionsServer,
} from "../../support/chat-completions-server";
import { fieldErrorsOf, outcomeOf } from "../../support/outcome";

const API_KEY = "sk-test-never-leaves-the-server";

let upstream: ChatCompletionsServer;
let config: AssistantConfig;
const createCaller = createCallerFactory(createTRPCRouter({ assistant: createAssistantRouter(() => config) }));

let kit: Awaited<ReturnType<typeof createTestKit>>;
beforeAll(async () => {
  [kit, upstream] = await Promise.all([createTestKit(), startChatCompletionsServer()]);
});
afterAll(() => upstream.close());
beforeEach(() => {
  upstream.requests.length = 0;
  config = {
    apiKey: API_KEY,
    baseURL: upstream.baseURL,
    model: "test-model",
    firstTokenTimeoutMs: 5_000,
    totalTimeoutMs: 10_000,
    dailyRequests: 50,
    dailyTokens: 100_000,
    maxAnswerTokens: 256,
  };
});

/** A fresh signed-in user's assistant procedures; `signal` stands in for the browser unsubscribing. */
async function signedIn(signal?: AbortSignal) {
  return callerOf((await kit.callerFor("user")).ctx, signal);
}
const callerOf = (ctx: Context, signal?: AbortSignal) => createCaller(ctx, { signal }).assistant;

type Assistant = ReturnType<typeof callerOf>;

/** Asks a question and reads the whole reply: its text, and the error it ended with. */
async function ask(assistant: Assistant, content = "What is tRPC?", conversationId: string | null = null) {
  const sent = await assistant.send({ conversationId, content });
  return { ...sent, ...(await readReply(assistant, sent.conversationId)) };
}

/** How a reply ended badly: thrown before any upstream call, or its last event once streaming. */
interface ReplyError {
  code: string;
  message: string;
  cause?: unknown;
  retryAfterSeconds?: number | null;
}

async function readReply(assistant: Assistant, conversationId: string, onEvent?: (event: ReplyEvent) => void) {
  const events: ReplyEvent[] = [];
  let error: ReplyError | null = null;
  try {
    for await (const event of await assistant.reply({ conversationId })) {
      events.push(event);
      onEvent?.(event);
      if (event.type === "failed") error = event;
    }
  } catch (thrown) {
    if (!(thrown instanceof TRPCError)) throw thrown;
    error = thrown;
  }
  const text = events.map((event) => (event.type === "text" ? event.text : "")).join("");
  return { events, text, error };
}

const lastAnswer = async (assistant: Assistant, conversationId: string) =>
  (await assistant.messages({ conversationId })).messages.at(-1);

describe("answers stream from the upstream and are kept", () => {
  test("the answer arrives token by token and is stored complete", async () => {
    const alice = await signedIn();
    const { conversationId, events, text, error } = await ask(alice, "What is tRPC?");
    expect(error).toBeNull();
    expect(events.map((event) => event.type)).toEqual(["started", "text", "text", "text", "text", "text", "done"]);
    expect(text).toBe("Hello from the fake model.");
    const { title, messages } = await alice.messages({ conversationId });
    expect(title).toBe("What is tRPC?");
    expect(messages.map(({ role, content, status }) => ({ role, content, status }))).toEqual([
      { role: "user", content: "What is tRPC?", status: "complete" },
      { role: "assistant", content: "Hello from the fake model.", status: "complete" },
    ]);
  });

  test("the server sets the system prompt, model and key; the client sends only its question", async () => {
    const alice = await signedIn();
    const first = await ask(alice, "first question");
    await ask(alice, "second question", first.conversationId);
    const request = upstream.requests[1];
    expect(request?.authorization).toBe(`Bearer ${API_KEY}`);
    expect(request?.body).toMatchObject({ model: "test-model", stream: true, max_tokens: 256 });
    expect(request?.body.messages.map(({ role }) => role)).toEqual(["system", "user", "assistant", "user"]);
    expect(request?.body.messages.at(-1)).toEqual({ role: "user", content: "second question" });
    expect(
      await outcomeOf(
        alice.send({ conversationId: null, content: "hi", model: "gpt-5" } as {
          conversationId: null;
          content: string;
        }),
      ),
    ).toBe("BAD_REQUEST");
  });

  test("the key never appears in what the caller receives", async () => {
    const alice = await signedIn();
    const answered = await ask(alice);
    upstream.next({ kind: "status", status: 401 });
    const refused = await ask(alice);
    const received = JSON.stringify([
      answered,
      refused.error?.message,
      await alice.messages({ conversationId: refused.conversationId }),
      await alice.conversations({}),
      await alice.status(),
    ]);
    expect(received).not.toContain(API_KEY);
  });

  test("a question is answered once: a second reply is refused without calling the upstream", async () => {
    const alice = await signedIn();
    const { conversationId } = await ask(alice);
    const again = await readReply(alice, conversationId);
    expect(again.error?.code).toBe("CONFLICT");
    expect(upstream.requests).toHaveLength(1);
  });
});

describe("a conversation is its owner's alone", () => {
  test("bob cannot read, write in or get answers in alice's conversation: NOT_FOUND", async () => {
    const [alice, bob] = await Promise.all([signedIn(), signedIn()]);
    const { conversationId } = await alice.send({ conversationId: null, content: "private" });
    expect(await outcomeOf(bob.messages({ conversationId }))).toBe("NOT_FOUND");
    expect(await outcomeOf(bob.send({ conversationId, content: "mine now" }))).toBe("NOT_FOUND");
    expect((await readReply(bob, conversationId)).error?.code).toBe("NOT_FOUND");
    expect((await bob.conversations({})).items).toEqual([]);
    expect(upstream.requests).toHaveLength(0);
  });

  test("a reply asked for from another site is refused before any upstream call", async () => {
    const { ctx } = await kit.callerFor("user");
    const { conversationId } = await callerOf(ctx).send({ conversationId: null, content: "hi" });
    const crossSite = callerOf({ ...ctx, sameSite: false });
    expect((await readReply(crossSite, conversationId)).error?.code).toBe("FORBIDDEN");
    expect(upstream.requests).toHaveLength(0);
  });

  test("anon may call nothing", async () => {
    const { ctx } = await kit.callerFor("anon");
    const anon = callerOf(ctx);
    expect(await outcomeOf(anon.status())).toBe("UNAUTHORIZED");
    expect(await outcomeOf(anon.conversations({}))).toBe("UNAUTHORIZED");
    expect(await outcomeOf(anon.send({ conversationId: null, content: "hi" }))).toBe("UNAUTHORIZED");
  });

  test("conversations page newest first by cursor", async () => {
    const alice = await signedIn();
    for (const content of ["one", "two", "three"]) await alice.send({ conversationId: null, content });
    const first = await alice.conversations({ limit: 2 });
    expect(first.items.map(({ title }) => title)).toEqual(["three", "two"]);
    const second = await alice.conversations({ limit: 2, cursor: first.nextCursor });
    expect(second.items.map(({ title }) => title)).toEqual(["one"]);
    expect(second.nextCursor).toBeNull();
  });
});

test("an answer left streaming by a server that went away reads as interrupted", async () => {
  const alice = await signedIn();
  const { conversationId, messageId } = await alice.send({ conversationId: null, content: "hello?" });
  const longAgo = new Date(Date.now() - config.totalTimeoutMs - 60_000).toISOString();
  const { error } = await kit.admin.from("messages").insert({
    conversation_id: conversationId,
    role: "assistant",
    content: "Half",
    status: "streaming",
    reply_to: messageId,
    created_at: longAgo,
  });
  expect(error).toBeNull();
  const { messages } = await alice.messages({ conversationId });
  expect(messages.find(({ role }) => role === "assistant")).toMatchObject({
    content: "Half",
    status: "incomplete",
    error: "The answer was interrupted.",
  });
});

describe("limits", () => {
  test("a question is 1 to 4,000 characters; a conversation id is a uuid", async () => {
    const alice = await signedIn();
    const send = (content: string, conversationId: string | null = null) => alice.send({ conversationId, content });
    expect((await fieldErrorsOf(send("   "))).fieldErrors.content).toEqual(["Ask a question"]);
    expect((await fieldErrorsOf(send("x".repeat(4001)))).fieldErrors.content).toEqual(["Use at most 4000 characters"]);
    expect(await outcomeOf(send("x".repeat(4000)))).toBe("OK");
    expect((await fieldErrorsOf(send("hi", "1; drop table"))).fieldErrors.conversationId).toEqual([
      "Not a conversation id",
    ]);
  });
});

describe("the daily budget", () => {
  test("over the requests budget: TOO_MANY_REQUESTS saying when it resets, and the upstream is not called", async () => {
    config.dailyRequests = 2;
    const alice = await signedIn();
    await ask(alice);
    await ask(alice);
    const over = await ask(alice);
    expect(over.error?.code).toBe("TOO_MANY_REQUESTS");
    expect(over.error?.message).toMatch(
      /^You have used today's 2 questions\. The budget resets at 00:00 UTC \(in .+\)\.$/,
    );
    expect(over.error?.cause).toBeInstanceOf(RateLimitedCause);
    expect(upstream.requests).toHaveLength(2);
    // The question waits, unanswered, for tomorrow's budget.
    expect((await lastAnswer(alice, over.conversationId))?.role).toBe("user");
  });

  test("over the tokens budget: the answers' reported usage counts", async () => {
    config.dailyTokens = FAKE_USAGE.total_tokens + 1;
    const alice = await signedIn();
    expect((await ask(alice)).error).toBeNull();
    expect((await ask(alice)).error).toBeNull();
    const over = await ask(alice);
    expect(over.error?.message).toMatch(/^You have used today's 43 tokens\./);
  });

  test("status says what is left of today's budget and when it resets", async () => {
    const alice = await signedIn();
    expect((await alice.status()).left).toMatchObject({ requests: 50, tokens: 100_000 });
    await ask(alice);
    const { left, limits } = await alice.status();
    expect(limits).toEqual({ requests: 50, tokens: 100_000 });
    expect(left).toMatchObject({ requests: 49, tokens: 100_000 - FAKE_USAGE.total_tokens });
    expect(new Date(left.resetsAt).toISOString()).toMatch(/T00:00:00\.000Z$/);
  });

  test("concurrent questions cannot overdraw it: exactly the budget's number are answered", async () => {
    config.dailyRequests = 3;
    const alice = await signedIn();
    const results = await Promise.all(Array.from({ length: 6 }, () => ask(alice)));
    expect(results.filter(({ error }) => error === null)).toHaveLength(3);
    expect(results.filter(({ error }) => error?.code === "TOO_MANY_REQUESTS")).toHaveLength(3);
  });
});

describe("every failure is explained", () => {
  test("no key configured: PRECONDITION_FAILED saying how to configure it, nothing stored", async () => {
    config.apiKey = null;
    const alice = await signedIn();
    expect(await alice.status()).toMatchObject({ configured: false, model: "test-model" });
    const sent = await alice.send({ conversationId: null, content: "hi" }).catch((error: TRPCError) => error);
    expect(sent).toMatchObject({ code: "PRECONDITION_FAILED", message: expect.stringContaining("OPENAI_API_KEY") });
    expect((await alice.conversations({})).items).toEqual([]);
  });

  test.each([401, 403])(
    "upstream %i: SERVICE_UNAVAILABLE, misconfigured, logged with the upstream request id",
    async (status) => {
      upstream.next({ kind: "status", status });
      const alice = await signedIn();
      const written: string[] = [];
      const write = vi.spyOn(process.stdout, "write").mockImplementation((chunk) => {
        written.push(String(chunk));
        return true;
      });
      const { error, conversationId } = await ask(alice).finally(() => write.mockRestore());
      expect(error).toMatchObject({
        code: "SERVICE_UNAVAILABLE",
        message: "The assistant is misconfigured. Please tell the site's team.",
      });
      const logged = written.map((line) => JSON.parse(line));
      expect(logged).toEqual([
        expect.objectContaining({ level: 50, status, upstreamRequestId: expect.stringMatching(/^req_fake_/) }),
      ]);
      expect(written.join("")).not.toContain(API_KEY);
      expect(await lastAnswer(alice, conversationId)).toMatchObject({ status: "incomplete", error: error?.message });
    },
  );

  test("upstream 429: TOO_MANY_REQUESTS with its retry hint, not retried", async () => {
    upstream.next({ kind: "status", status: 429, headers: { "retry-after": "7" } });
    const { error } = await ask(await signedIn());
    expect(error).toMatchObject({ code: "TOO_MANY_REQUESTS", message: "The AI provider is busy. Try again in 7 s." });
    expect(error?.retryAfterSeconds).toBe(7);
    expect(upstream.requests).toHaveLength(1);
  });

  test("upstream 5xx is retried once: a second answer is used", async () => {
    upstream.next({ kind: "status", status: 500 });
    const { error, text } = await ask(await signedIn());
    expect(error).toBeNull();
    expect(text).toBe("Hello from the fake model.");
    expect(upstream.requests).toHaveLength(2);
  });

  test("upstream 5xx twice: BAD_GATEWAY, after two requests", async () => {
    upstream.next({ kind: "status", status: 500 }, { kind: "status", status: 503 });
    const { error } = await ask(await signedIn());
    expect(error).toMatchObject({ code: "BAD_GATEWAY", message: expect.stringContaining("not answering") });
    expect(upstream.requests).toHaveLength(2);
  });

  test("cut mid-stream: BAD_GATEWAY, and the part that arrived is kept as incomplete", async () => {
    upstream.next({ kind: "stream", tokens: ["Half", " an", " answer"], cutAfter: 2 });
    const alice = await signedIn();
    const { error, text, conversationId, events } = await ask(alice);
    // Ended by an event, not thrown: an SSE client reconnects after a thrown BAD_GATEWAY.
    expect(events.map(({ type }) => type)).toEqual(["started", "text", "text", "failed"]);
    expect(text).toBe("Half an");
    expect(error).toMatchObject({ code: "BAD_GATEWAY", message: expect.stringContaining("broke off") });
    expect(await lastAnswer(alice, conversationId)).toMatchObject({ content: "Half an", status: "incomplete" });
  });

  test("a malformed stream ends the answer with BAD_GATEWAY, not a hang", async () => {
    upstream.next({ kind: "malformed" });
    const { error } = await ask(await signedIn());
    expect(error).toMatchObject({ code: "BAD_GATEWAY", message: expect.stringContaining("unreadable") });
  });

  test("never answering: GATEWAY_TIMEOUT after the first-token timeout, and the upstream request is closed", async () => {
    config.firstTokenTimeoutMs = 300;
    upstream.next({ kind: "hang" });
    const closed = upstream.closedEarly();
    const started = Date.now();
    const { error } = await ask(await signedIn());
    expect(error).toMatchObject({
      code: "GATEWAY_TIMEOUT",
      message: "The assistant did not start answering within 0.3 s.",
    });
    expect(Date.now() - started).toBeLessThan(3_000);
    await closed;
  });

  test("too slow overall: GATEWAY_TIMEOUT after the total timeout, keeping what arrived", async () => {
    config.totalTimeoutMs = 700;
    upstream.next({ kind: "stream", tokens: Array.from({ length: 20 }, (_, i) => `t${i} `), delayMs: 100 });
    const alice = await signedIn();
    const { error, text, conversationId } = await ask(alice);
    expect(error).toMatchObject({
      code: "GATEWAY_TIMEOUT",
      message: "The answer took longer than 0.7 s; what arrived is kept.",
    });
    expect(text).toMatch(/^t0 t1 /);
    expect(await lastAnswer(alice, conversationId)).toMatchObject({ content: text, status: "incomplete" });
  });
});

describe("Stop", () => {
  test("aborting the subscription closes the upstream request and keeps the partial answer", async () => {
    upstream.next({ kind: "stream", tokens: ["one ", "two ", "three ", "four ", "five "], delayMs: 300 });
    const stop = new AbortController();
    const alice = await signedIn(stop.signal);
    const { conversationId } = await alice.send({ conversationId: null, content: "count" });
    const closed = upstream.closedEarly();
    const { text } = await readReply(alice, conversationId, (event) => {
      if (event.type === "text" && event.text === "two ") stop.abort();
    });
    await closed;
    expect(text).toBe("one two ");
    expect(await lastAnswer(alice, conversationId)).toMatchObject({
      content: "one two ",
      status: "incomplete",
      error: "Stopped.",
    });
  });

  test("leaving the loop early stops the upstream request too", async () => {
    upstream.next({ kind: "stream", tokens: ["one ", "two ", "three "], delayMs: 300 });
    const alice = await signedIn();
    const { conversationId } = await alice.send({ conversationId: null, content: "count" });
    const closed = upstream.closedEarly();
    for await (const event of await alice.reply({ conversationId })) if (event.type === "text") break;
    await closed;
    expect(await lastAnswer(alice, conversationId)).toMatchObject({ content: "one ", status: "incomplete" });
  });
});
