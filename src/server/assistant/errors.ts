import { TRPCError } from "@trpc/server";
import type { TRPC_ERROR_CODE_KEY } from "@trpc/server/rpc";
import { logger } from "../log";
import { RateLimitedCause } from "../rate-limit";
import type { AssistantConfig } from "./config";
import type { UpstreamFailure } from "./upstream";

/** When the upstream asks for no particular wait. */
const DEFAULT_RETRY_AFTER_SECONDS = 30;

export const notConfiguredError = () =>
  new TRPCError({
    code: "PRECONDITION_FAILED",
    message: "The assistant is not configured: set OPENAI_API_KEY on the server (see .env.example).",
  });

/**
 * An upstream failure as the caller sees it: a tRPC code and words saying what happened,
 * whether what arrived was kept, and when to try again. Never the upstream's own message,
 * which may quote the key's prefix or the account.
 */
export function failureError(failure: UpstreamFailure, config: AssistantConfig, requestId: string) {
  const seconds = (ms: number) => `${Number((ms / 1000).toFixed(1))} s`;
  const error = (code: TRPC_ERROR_CODE_KEY, message: string, cause: unknown = failure) =>
    new TRPCError({ code, message, cause });
  switch (failure.kind) {
    case "misconfigured":
      // IMPORTANT: the operator must hear about it (a revoked key, a wrong model); the user cannot fix it.
      logger.error(
        { requestId, upstreamRequestId: failure.upstreamRequestId, status: failure.status },
        "assistant upstream refused our credentials or model",
      );
      return error("SERVICE_UNAVAILABLE", "The assistant is misconfigured. Please tell the site's team.");
    case "rate_limited": {
      const retryAfter = failure.retryAfterSeconds ?? DEFAULT_RETRY_AFTER_SECONDS;
      return error(
        "TOO_MANY_REQUESTS",
        `The AI provider is busy. Try again in ${retryAfter} s.`,
        new RateLimitedCause(retryAfter),
      );
    }
    case "unavailable":
      return error("BAD_GATEWAY", "The AI provider is not answering right now. Please try again shortly.");
    case "refused":
      return error("BAD_GATEWAY", "The AI provider refused this question.");
    case "first_token_timeout":
      return error(
        "GATEWAY_TIMEOUT",
        `The assistant did not start answering within ${seconds(config.firstTokenTimeoutMs)}.`,
      );
    case "total_timeout":
      return error(
        "GATEWAY_TIMEOUT",
        `The answer took longer than ${seconds(config.totalTimeoutMs)}; what arrived is kept.`,
      );
    case "malformed":
      return error("BAD_GATEWAY", "The AI provider sent something unreadable; what arrived is kept.");
    case "cut_off":
      return error("BAD_GATEWAY", "The AI provider broke off the answer; what arrived is kept.");
    case "stopped":
      return error("CLIENT_CLOSED_REQUEST", "Stopped.");
  }
}
