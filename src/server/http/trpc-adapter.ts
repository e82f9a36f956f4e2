/**
 * tRPC over Node's http, as @trpc/server/adapters/next does it, through tRPC's own adapter API
 * (`resolveResponse`, @see https://trpc.io/docs/server/adapters), minus two costs that adapter
 * pays on every request:
 * - it aborts the request's signal when the response closes, also after a finished response,
 *   which builds a DOMException and wakes every listener; here only a request whose client
 *   went away before the answer was sent is aborted (what ends a subscription's stream);
 * - it writes even a complete JSON answer through a stream, in chunked encoding (two writes);
 *   here a complete answer goes out in one write with its Content-Length. Streams (a batch of
 *   queries as JSON lines, subscriptions as Server-Sent Events) are still written as they come.
 */
import { once } from "node:events";
import type { IncomingMessage, ServerResponse } from "node:http";
import type { AnyTRPCRouter } from "@trpc/server";
import { type HTTPBaseHandlerOptions, resolveResponse } from "@trpc/server/http";

interface Call<TRouter extends AnyTRPCRouter>
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
  { path, body, ...options }: Call<TRouter>,
) {
  const clientGone = new AbortController();
  res.once("close", () => {
    if (!res.writableFinished) clientGone.abort();
  });
  const response = await resolveResponse({
    router: options.router,
    responseMeta: options.responseMeta,
    createContext: options.createContext,
    onError: (error) => options.onError?.({ ...error, req }),
    req: fetchRequest(req, body, clientGone.signal),
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
  // As text: Node sends the headers and a string body in one write.
  if (!streamed) return void res.end(await response.text());
  await writeStream(response.body, res, clientGone.signal);
}

/** The Fetch API request tRPC reads. */
function fetchRequest(req: IncomingMessage, body: string | undefined, signal: AbortSignal): Request {
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    if (Array.isArray(value)) for (const item of value) headers.append(name, item);
    else if (value !== undefined) headers.append(name, value);
  }
  // tRPC reads the path and query of the URL only.
  return new Request(new URL(req.url ?? "/", "http://localhost"), {
    method: req.method,
    headers,
    body,
    signal,
  });
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
