import { getTRPCErrorFromUnknown, TRPCError } from "@trpc/server";
import { getHTTPStatusCodeFromError } from "@trpc/server/http";
import { TRPC_ERROR_CODES_BY_KEY } from "@trpc/server/rpc";
import type { NextApiRequest, NextApiResponse } from "next";
import superjson from "superjson";
import { createContext } from "~/server/context";
import { rememberRequestId } from "~/server/errors";
import { handleCors } from "~/server/http/cors";
import { guardRequest } from "~/server/http/request-guard";
import { logRequest } from "~/server/http/request-log";
import { responseMeta } from "~/server/http/response-meta";
import { answerTrpc } from "~/server/http/trpc-adapter";
import { appRouter } from "~/server/routers/_app";

/** IMPORTANT: the guard reads the body itself, bounded, before tRPC or any procedure sees it. */
export const config = { api: { bodyParser: false } };

/** The one HTTP entry of the API: CORS, request bounds and the request log, then tRPC. */
export default async function handler(req: NextApiRequest, res: NextApiResponse) {
  const path = Array.isArray(req.query.trpc) ? req.query.trpc.join("/") : (req.query.trpc ?? "");
  const paths = req.query.batch === "1" ? path.split(",") : [path];
  const record = logRequest(req, res, paths);
  res.setHeader("x-request-id", record.id);
  // Answers depend on the session (cookies, Authorization): never stored by a browser or proxy.
  res.setHeader("cache-control", "private, no-store");
  if (handleCors(req, res)) return;
  // tRPC takes queries by GET and mutations by POST; fetch's Request refuses TRACE outright.
  if (req.method !== "GET" && req.method !== "POST" && req.method !== "HEAD") {
    const error = new TRPCError({ code: "METHOD_NOT_SUPPORTED", message: `${req.method} is not supported` });
    record.errors.push(error);
    return refuse(res, error, record.id);
  }
  let body: string | undefined;
  try {
    body = await guardRequest(req, paths);
  } catch (error) {
    if (!(error instanceof TRPCError)) throw error;
    record.errors.push(error);
    return refuse(res, error, record.id);
  }
  return answerTrpc(req, res, {
    router: appRouter,
    path,
    body,
    createContext: () =>
      createContext({ req, res }).catch((error: unknown) => {
        throw rememberRequestId(error, record.id);
      }),
    responseMeta,
    // Logged once, in the request's own line, with the request id the client also received.
    onError: ({ error }) => record.errors.push(error),
  }).catch((cause: unknown) => {
    // tRPC answers its own errors; this is a fault of writing the answer. Never Next's text 500.
    const error = getTRPCErrorFromUnknown(cause);
    record.errors.push(error);
    if (!res.headersSent) refuse(res, error, record.id);
    else res.destroy();
  });
}

/** A refusal in tRPC's own error shape, so the client reads it like any other error. */
function refuse(res: NextApiResponse, error: TRPCError, requestId: string) {
  const httpStatus = getHTTPStatusCodeFromError(error);
  const shape = {
    message: error.message,
    code: TRPC_ERROR_CODES_BY_KEY[error.code],
    data: { code: error.code, httpStatus, requestId, zodError: null },
  };
  res.statusCode = httpStatus;
  res.setHeader("content-type", "application/json");
  res.end(JSON.stringify({ error: superjson.serialize(shape) }));
}
