import type { ResponseMetaFn } from "@trpc/server/http";
import { RateLimitedCause } from "../rate-limit";
import type { AppRouter } from "../routers/_app";

/** When a 429 from Auth itself (which names no time) should be tried again. */
const DEFAULT_RETRY_AFTER_SECONDS = 60;

/**
 * Status and headers that depend on the procedures' outcome.
 * @see https://trpc.io/docs/server/caching
 */
export const responseMeta: ResponseMetaFn<AppRouter> = ({ errors, data, paths }) => {
  // IMPORTANT: tRPC writes its own Vary over the one the CORS step set; add to it instead.
  const headers = new Headers({ vary: "Origin" });
  const retryAfter = errors
    .filter((error) => error.code === "TOO_MANY_REQUESTS")
    .map((error) =>
      error.cause instanceof RateLimitedCause ? error.cause.retryAfterSeconds : DEFAULT_RETRY_AFTER_SECONDS,
    );
  if (retryAfter.length > 0) headers.set("retry-after", String(Math.max(...retryAfter)));
  // Load balancers and uptime checks read the status, not the body.
  const degraded = paths?.length === 1 && paths[0] === "health.check" && data.some(isDegradedHealth);
  return { headers, status: degraded ? 503 : undefined };
};

type CallResponse = Parameters<ResponseMetaFn<AppRouter>>[0]["data"][number];

function isDegradedHealth(response: CallResponse) {
  return "result" in response && (response.result.data as { status?: string } | undefined)?.status === "degraded";
}
