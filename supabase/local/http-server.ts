/**
 * Serves a local stack over HTTP on 127.0.0.1, as Supabase's API gateway does on :54321.
 * Not supported: CORS (the browser never calls Supabase in this app), TLS, HTTP/2.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { LocalStack } from "./local-stack.ts";

/** Bodies past this size are refused before they are read into memory. */
const MAX_BODY_BYTES = 8 * 1024 * 1024;

export function serveHttp(stack: LocalStack, port: number, host = "127.0.0.1"): Promise<Server> {
  const server = createServer((req, res) => {
    answer(stack, req, res).catch((error: unknown) => {
      console.error("[local supabase] request failed:", error);
      if (!res.headersSent) res.writeHead(500, { "content-type": "application/json" });
      res.end(JSON.stringify({ message: "internal error in the local Supabase stack" }));
    });
  });
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => resolve(server));
  });
}

async function answer(stack: LocalStack, req: IncomingMessage, res: ServerResponse) {
  const body = await readBody(req);
  if (body === "too large") {
    res.writeHead(413, { "content-type": "application/json" });
    res.end(JSON.stringify({ message: "Request body too large" }));
    return;
  }
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    if (value !== undefined) headers.set(name, Array.isArray(value) ? value.join(", ") : value);
  }
  const request = new Request(new URL(req.url ?? "/", stack.url), {
    method: req.method,
    headers,
    body: body.length > 0 && req.method !== "GET" && req.method !== "HEAD" ? new Uint8Array(body) : undefined,
  });
  const response = await stack.handle(request);
  res.writeHead(response.status, Object.fromEntries(response.headers));
  res.end(Buffer.from(await response.arrayBuffer()));
}

async function readBody(req: IncomingMessage): Promise<Buffer | "too large"> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) return "too large";
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}
