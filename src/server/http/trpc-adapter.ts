/**
 * tRPC over Node's http through tRPC's own adapter API (`resolveResponse`,
 * @see https://trpc.io/docs/server/adapters), as @trpc/server/adapters/next does, without two
 * costs that adapter pays on every request: aborting the request's signal after a finished
 * response (a DOMException, and a wake-up of every listener), and writing a complete answer
 * through a stream in chunked encoding (two writes instead of one).
 */
import { once } from "node:events";
import type { IncomingMessage, ServerResponse } from "node:http";
import type { AnyTRPCRouter } from "@trpc/server";
import { type HTTPBaseHandlerOptions, resolveResponse } from "@trpc/server/http";

export interface TrpcAnswerOptions<TRouter extends AnyTRPCRouter>
  extends Pick<HTTPBaseHandlerOptions<TRouter, IncomingMessage>, "router" | "responseMeta" | "onError"> {
  /** The procedure path (`a.b` or, batched, `a.b,c.d`). */
  path: string;
  /** The request body, already read (request-guard.ts). */
  body: string | undefined;
  createContext: () => Promise<TRouter["_def"]["_config"]["$types"]["ctx"]>;
}

export async function answerTrpc<TRouter extends AnyTRPCRouter>(
  req: IncomingMessage,
  res: ServerResponse,
  { path, body, ...options }: TrpcAnswerOptions<TRouter>,
) {
  // Aborted when the client leaves before its answer is sent (this ends a subscription), or
  // once a streamed answer ends: tRPC clears a subscription's timers on it.
  const request = new AbortController();
  const clientLeft = () => {
    if (!res.writableFinished) request.abort();
  };
  res.once("close", clientLeft);
  const response = await resolveResponse({
    router: options.router,
    responseMeta: options.responseMeta,
    createContext: options.createContext,
    onError: (error) => options.onError?.({ ...error, req }),
    req: fetchRequest(req, body, request.signal),
    path,
    error: null,
  });
  res.statusCode = response.status;
  for (const [name, value] of response.headers) if (name !== "set-cookie") res.setHeader(name, value);
  // Appended: createContext has already set the session's cookies on `res`.
  const cookies = response.headers.getSetCookie();
  if (cookies.length > 0) res.appendHeader("set-cookie", cookies);
  if (!response.body) return void res.end();
  const streamed =
    response.headers.get("transfer-encoding") === "chunked" ||
    response.headers.get("content-type")?.startsWith("text/event-stream");
  // As text: Node sends the headers and a string body in one write, with its Content-Length.
  if (!streamed) return void res.end(await response.text());
  try {
    await writeStream(response.body, res, request.signal);
  } finally {
    res.off("close", clientLeft);
    request.abort();
  }
}

/** The Fetch API request tRPC reads. */
function fetchRequest(req: IncomingMessage, body: string | undefined, signal: AbortSignal): Request {
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    // HTTP/2 pseudo-headers (`:path`) are no headers a Request may hold.
    if (name.startsWith(":")) continue;
    if (Array.isArray(value)) for (const item of value) headers.append(name, item);
    else if (value !== undefined) headers.append(name, value);
  }
  // tRPC reads the path and query of the URL only.
  return new Request(new URL(req.url ?? "/", "http://localhost"), { method: req.method, headers, body, signal });
}

async function writeStream(body: ReadableStream<Uint8Array>, res: ServerResponse, signal: AbortSignal) {
  const reader = body.getReader();
  const cancel = () => void reader.cancel().catch(() => {});
  signal.addEventListener("abort", cancel, { once: true });
  try {
    for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()) {
      if (!res.write(chunk.value)) await once(res, "drain", { signal });
      // A Server-Sent Event must reach the browser now, not when a compression buffer fills.
      (res as ServerResponse & { flush?: () => void }).flush?.();
    }
  } catch (error) {
    // The client went away: nothing is left to write to.
    if (!signal.aborted) throw error;
  } finally {
    signal.removeEventListener("abort", cancel);
    res.end();
  }
}
