import type { ServerResponse } from "node:http";

/**
 * Sends a JSON answer in one write with its Content-Length, as Next's `res.json` does.
 * tRPC's Node adapter writes every body as a stream (chunked transfer encoding, a write and a
 * flush per chunk, then the end), which cost a single query such as profile.get about a tenth
 * of its server CPU time. Streamed answers pass through as they come: httpBatchStreamLink's
 * (tRPC marks them Transfer-Encoding: chunked) and subscriptions' (text/event-stream).
 */
export function sendJsonWhole(res: ServerResponse) {
  const write = res.write.bind(res);
  const end = res.end.bind(res);
  const chunks: Buffer[] = [];
  res.write = ((chunk: string | Uint8Array, ...rest: never[]) => {
    if (res.getHeader("content-type") !== "application/json" || res.hasHeader("transfer-encoding")) {
      res.write = write;
      res.end = end;
      return write(chunk, ...rest);
    }
    chunks.push(Buffer.from(chunk));
    return true;
  }) as ServerResponse["write"];
  res.end = ((chunk?: unknown, ...rest: never[]) => {
    if (chunks.length === 0) return end(chunk as never, ...rest);
    // tRPC ends the response without a chunk of its own; any other caller's last chunk is kept.
    if (typeof chunk === "string" || chunk instanceof Uint8Array) chunks.push(Buffer.from(chunk));
    const body = Buffer.concat(chunks);
    res.setHeader("content-length", body.length);
    return end(body);
  }) as ServerResponse["end"];
}
