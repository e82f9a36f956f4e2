import type { IncomingMessage } from "node:http";
import { TRPCError } from "@trpc/server";
import { getServerEnv } from "../env";
import { jsonDepthExceeds } from "./json-depth";

/** Next's own default body limit for API routes, kept now that the guard reads the body. */
const MAX_BODY_BYTES = 1024 * 1024;
/** Far deeper than any input of this API (a superjson batch adds three levels). */
const MAX_JSON_DEPTH = 32;

/**
 * Bounds a request before any procedure runs: the batch size, the content type of a mutation,
 * the body size and the nesting of its JSON. Returns the body read (tRPC is handed it as text)
 * or throws the TRPCError to answer.
 */
export async function guardRequest(req: IncomingMessage, batchPaths: string[]): Promise<string | undefined> {
  const maxBatchSize = getServerEnv().TRPC_MAX_BATCH_SIZE;
  if (batchPaths.length > maxBatchSize) {
    throw new TRPCError({
      code: "BAD_REQUEST",
      message: `Too many calls in one batch: ${batchPaths.length}, at most ${maxBatchSize} are allowed`,
    });
  }
  const input = new URL(req.url ?? "/", "http://localhost").searchParams.get("input");
  if (input && jsonDepthExceeds(input, MAX_JSON_DEPTH)) throw tooDeep();
  if (req.method !== "POST") return undefined;

  // IMPORTANT: tRPC also accepts multipart/form-data and octet-stream bodies; no procedure here
  // is written for them, and a form POST is what a cross-site page can send without CORS.
  const mediaType = req.headers["content-type"]?.split(";")[0]?.trim().toLowerCase();
  const body = await readBody(req);
  if (mediaType !== "application/json" && (mediaType !== undefined || body.length > 0)) {
    throw new TRPCError({ code: "UNSUPPORTED_MEDIA_TYPE", message: "Send requests as application/json" });
  }
  if (jsonDepthExceeds(body, MAX_JSON_DEPTH)) throw tooDeep();
  return body.length > 0 ? body : undefined;
}

const tooDeep = () =>
  new TRPCError({
    code: "BAD_REQUEST",
    message: `Malformed request: JSON nested deeper than ${MAX_JSON_DEPTH} levels`,
  });

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) {
      throw new TRPCError({ code: "PAYLOAD_TOO_LARGE", message: "Request body too large (at most 1 MB)" });
    }
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString("utf8");
}
