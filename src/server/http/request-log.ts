import { randomUUID } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import type { TRPCError } from "@trpc/server";
import { getHTTPStatusCodeFromError } from "@trpc/server/http";
import { logger } from "../log";

/** What the log line of one API request says; filled in as the request is answered. */
export interface RequestRecord {
  id: string;
  callerId: string | null;
  errors: TRPCError[];
}

const records = new WeakMap<IncomingMessage, RequestRecord>();

/**
 * Starts the record of an API request and logs it in one line when the response is done:
 * request id (also sent as x-request-id), procedures, caller id, status, duration and, for a
 * server fault, the error with its cause. Client mistakes (4xx) are named by code only.
 */
export function logRequest(req: IncomingMessage, res: ServerResponse, paths: string[]): RequestRecord {
  const record: RequestRecord = { id: randomUUID(), callerId: null, errors: [] };
  records.set(req, record);
  const startedAt = performance.now();
  res.once("close", () => {
    const fault = record.errors.find((error) => !isClientMistake(error));
    const line = {
      requestId: record.id,
      method: req.method,
      path: paths.join(","),
      callerId: record.callerId,
      status: res.statusCode,
      durationMs: Math.round(performance.now() - startedAt),
      errorCodes: record.errors.length > 0 ? record.errors.map((error) => error.code) : undefined,
    };
    if (fault) logger.error({ ...line, err: fault.cause ?? fault }, "request failed");
    else logger.info(line, "request");
  });
  return record;
}

/** The record of a request the API route is answering, if it is one. */
export const requestRecordOf = (req: IncomingMessage) => records.get(req);

const isClientMistake = (error: TRPCError) => getHTTPStatusCodeFromError(error) < 500;
