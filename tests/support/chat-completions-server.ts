import { createServer, type IncomingMessage, type ServerResponse } from "node:http";

/**
 * A scripted stand-in for an OpenAI-compatible Chat Completions API: a real HTTP server on
 * 127.0.0.1:0 speaking the wire format (`POST /v1/chat/completions`, JSON errors, SSE `data:`
 * chunks ending with `[DONE]`), so the `openai` package talks HTTP to it exactly as to OpenAI.
 *
 *   const upstream = await startChatCompletionsServer();
 *   upstream.next({ kind: "status", status: 429, headers: { "retry-after": "7" } });
 *   upstream.requests[0].body.messages; upstream.requests[0].closedEarly;
 */
export type Script =
  /** Streams `tokens` (`delayMs` apart, after `firstDelayMs`), then usage and `[DONE]`; `cutAfter` drops the connection after that many. */
  | { kind: "stream"; tokens: string[]; delayMs?: number; firstDelayMs?: number; cutAfter?: number }
  /** Answers `status` with an OpenAI error body. */
  | { kind: "status"; status: number; headers?: Record<string, string> }
  /** Sends headers, then a chunk that is not JSON. */
  | { kind: "malformed" }
  /** Accepts the request and never answers. */
  | { kind: "hang" };

export interface RecordedRequest {
  authorization: string | undefined;
  body: { model: string; messages: { role: string; content: string }[]; stream?: boolean; max_tokens?: number };
  /** True once the client closed the connection before the answer ended (a Stop, a timeout). */
  closedEarly: boolean;
}

export const FAKE_USAGE = { prompt_tokens: 30, completion_tokens: 12, total_tokens: 42 };

export async function startChatCompletionsServer(fallback: (body: RecordedRequest["body"]) => Script = defaultScript) {
  const queue: Script[] = [];
  const requests: RecordedRequest[] = [];
  const closeWaiters: (() => void)[] = [];
  let served = 0;

  const server = createServer(async (req, res) => {
    if (req.method === "GET" && req.url === "/stats") {
      return json(res, 200, { requests: requests.length, closedEarly: requests.filter((r) => r.closedEarly).length });
    }
    if (req.method !== "POST" || req.url !== "/v1/chat/completions") {
      return json(res, 404, { error: { message: "no" } });
    }
    const record: RecordedRequest = {
      authorization: req.headers.authorization,
      body: JSON.parse(await readBody(req)),
      closedEarly: false,
    };
    requests.push(record);
    res.on("close", () => {
      if (res.writableFinished) return;
      record.closedEarly = true;
      for (const wake of closeWaiters.splice(0)) wake();
    });
    served += 1;
    res.setHeader("x-request-id", `req_fake_${served}`);
    await play(res, queue.shift() ?? fallback(record.body), record.body.model);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  if (!address || typeof address === "string") throw new Error("fake upstream has no port");

  return {
    /** The `OPENAI_BASE_URL` to point the app at. */
    baseURL: `http://127.0.0.1:${address.port}/v1`,
    requests,
    /** Scripts the next requests, in order; after them, `fallback` decides. */
    next: (...scripts: Script[]) => queue.push(...scripts),
    /** Resolves when a client next closes a connection before its answer ended. */
    closedEarly: () => new Promise<void>((resolve) => closeWaiters.push(resolve)),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export type ChatCompletionsServer = Awaited<ReturnType<typeof startChatCompletionsServer>>;

function defaultScript(): Script {
  return { kind: "stream", tokens: ["Hello", " from", " the", " fake", " model."] };
}

/**
 * An answer using the Markdown a model writes (and HTML it should not), for the browser tests
 * to see rendered; its code line is longer than a phone is wide.
 */
export const MARKDOWN_ANSWER = [
  "Here is **the short answer** and some `inline code`.",
  "",
  "- first point",
  "- second point",
  "",
  "1. step one",
  "2. step two",
  "",
  "```ts",
  "const subscription = trpc.assistant.reply.useSubscription({ conversationId }, { onData: (event) => append(event.text) });",
  "```",
  "",
  "See [the tRPC docs](https://trpc.io/docs/client/react/useSubscription) or [this](javascript:alert(1)).",
  "",
  "| option | default |",
  "| --- | --- |",
  "| `tracked` | off |",
  "",
  "A picture [![the logo](https://images.example/logo.png)](https://trpc.io) and ![a chart](https://images.example/chart.png).",
  "",
  "<img src=x onerror=alert(1)> and <script>alert(2)</script> stay text.",
].join("\n");

/**
 * For the browser tests, which cannot script the server from another process: a question
 * with "slowly" in it gets 40 words 150 ms apart (time to watch it grow and to press Stop);
 * one with "Markdown" in it gets `MARKDOWN_ANSWER` a word at a time, so every partial
 * Markdown it passes through (an open fence, half a table) is rendered on the way.
 */
export function e2eScript(body: RecordedRequest["body"]): Script {
  const question = body.messages.at(-1)?.content ?? "";
  if (question.includes("slowly")) {
    return { kind: "stream", tokens: Array.from({ length: 40 }, (_, i) => `word${i + 1} `), delayMs: 150 };
  }
  if (question.includes("Markdown")) {
    return { kind: "stream", tokens: MARKDOWN_ANSWER.match(/\s*\S+/g) ?? [], delayMs: 10 };
  }
  return { kind: "stream", tokens: ["Streams", " are", " Server-Sent", " Events."], delayMs: 40 };
}

async function play(res: ServerResponse, script: Script, model: string) {
  switch (script.kind) {
    case "status":
      for (const [name, value] of Object.entries(script.headers ?? {})) res.setHeader(name, value);
      return json(res, script.status, {
        error: { message: `scripted ${script.status}`, type: "scripted", code: null },
      });
    case "hang":
      return;
    case "malformed":
      startStream(res);
      res.write("data: {this is not json\n\n");
      return;
    case "stream": {
      startStream(res);
      const chunk = (delta: object, finish: string | null) =>
        `data: ${JSON.stringify({ id: "chatcmpl-fake", object: "chat.completion.chunk", created: 0, model, choices: [{ index: 0, delta, finish_reason: finish }] })}\n\n`;
      await sleep(script.firstDelayMs ?? 0);
      for (const [index, token] of script.tokens.entries()) {
        if (index > 0) await sleep(script.delayMs ?? 0);
        if (index === script.cutAfter) return res.socket?.destroy();
        if (res.destroyed) return;
        res.write(chunk(index === 0 ? { role: "assistant", content: token } : { content: token }, null));
      }
      res.write(chunk({}, "stop"));
      res.write(
        `data: ${JSON.stringify({ id: "chatcmpl-fake", object: "chat.completion.chunk", created: 0, model, choices: [], usage: FAKE_USAGE })}\n\n`,
      );
      res.end("data: [DONE]\n\n");
    }
  }
}

function startStream(res: ServerResponse) {
  res.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-cache" });
  res.flushHeaders();
}

function json(res: ServerResponse, status: number, body: object) {
  res.statusCode = status;
  res.setHeader("content-type", "application/json");
  res.end(JSON.stringify(body));
}

async function readBody(req: IncomingMessage) {
  let body = "";
  for await (const chunk of req) body += chunk;
  return body;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
