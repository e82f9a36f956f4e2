import OpenAI, { APIConnectionError, APIError } from "openai";
import type { ChatCompletionMessageParam } from "openai/resources/chat/completions";
import type { AssistantConfig } from "./config";

/** Why an answer did not arrive whole; `failureError` words each for the person who asked. */
export type FailureKind =
  | "misconfigured"
  | "rate_limited"
  | "unavailable"
  | "refused"
  | "first_token_timeout"
  | "total_timeout"
  | "malformed"
  | "cut_off"
  | "stopped";

export class UpstreamFailure extends Error {
  readonly kind: FailureKind;
  readonly status: number | null;
  /** The upstream's own request id, for its support (logged, never shown). */
  readonly upstreamRequestId: string | null;
  readonly retryAfterSeconds: number | null;

  constructor(
    kind: FailureKind,
    details: {
      status?: number;
      upstreamRequestId?: string | null;
      retryAfterSeconds?: number | null;
      cause?: unknown;
    } = {},
  ) {
    super(`Upstream ${kind}${details.status ? ` (${details.status})` : ""}`, { cause: details.cause });
    this.kind = kind;
    this.status = details.status ?? null;
    this.upstreamRequestId = details.upstreamRequestId ?? null;
    this.retryAfterSeconds = details.retryAfterSeconds ?? null;
  }
}

export interface Usage {
  total_tokens: number;
}

/** A 5xx or a dropped connection is retried once, this long after. */
const RETRY_DELAY_MS = 250;

/**
 * Streams an answer's text from a Chat Completions API, and returns the usage it reported.
 * IMPORTANT: the SDK's own retries are off (`maxRetries: 0`): it would also retry a 429
 * after waiting out its Retry-After, while we answer 429 at once with that hint and retry
 * only a 5xx (or a dropped connection), once, before any token arrived.
 * @see https://github.com/openai/openai-node#retries
 */
export async function* streamAnswer(
  config: AssistantConfig & { apiKey: string },
  messages: ChatCompletionMessageParam[],
  signal: AbortSignal,
): AsyncGenerator<string, Usage | null> {
  const client = new OpenAI({
    apiKey: config.apiKey,
    baseURL: config.baseURL,
    maxRetries: 0,
    timeout: config.totalTimeoutMs,
  });
  const deadline = new AbortController();
  const firstToken = setTimeout(() => deadline.abort("first_token_timeout"), config.firstTokenTimeoutMs);
  const total = setTimeout(() => deadline.abort("total_timeout"), config.totalTimeoutMs);
  const aborted = AbortSignal.any([signal, deadline.signal]);
  let streaming = false;
  try {
    const stream = await withOneRetry(aborted, () =>
      client.chat.completions.create(
        {
          model: config.model,
          messages,
          max_tokens: config.maxAnswerTokens,
          stream: true,
          stream_options: { include_usage: true },
        },
        { signal: aborted },
      ),
    );
    streaming = true;
    let usage: Usage | null = null;
    let finished = false;
    for await (const chunk of stream) {
      if (chunk.usage) usage = chunk.usage;
      const choice = chunk.choices[0];
      if (choice?.finish_reason) finished = true;
      if (choice?.delta?.content) {
        clearTimeout(firstToken);
        yield choice.delta.content;
      }
    }
    // A stream that ends without a finish reason was cut short, however politely it closed.
    if (!finished) throw new UpstreamFailure("cut_off");
    return usage;
  } catch (error) {
    if (signal.aborted) throw new UpstreamFailure("stopped", { cause: error });
    if (deadline.signal.aborted) throw new UpstreamFailure(deadline.signal.reason as FailureKind, { cause: error });
    throw failureOf(error, streaming);
  } finally {
    clearTimeout(firstToken);
    clearTimeout(total);
  }
}

async function withOneRetry<T>(signal: AbortSignal, request: () => Promise<T>) {
  try {
    return await request();
  } catch (error) {
    const retryable = error instanceof APIConnectionError || (error instanceof APIError && (error.status ?? 0) >= 500);
    if (!retryable || signal.aborted) throw error;
    await new Promise((resolve) => setTimeout(resolve, RETRY_DELAY_MS));
    return request();
  }
}

function failureOf(error: unknown, streaming: boolean) {
  if (error instanceof UpstreamFailure) return error;
  // The SDK parses each `data:` line with JSON.parse.
  if (streaming) return new UpstreamFailure(error instanceof SyntaxError ? "malformed" : "cut_off", { cause: error });
  if (!(error instanceof APIError) || error.status === undefined)
    return new UpstreamFailure("unavailable", { cause: error });
  const details = { status: error.status, upstreamRequestId: error.requestID ?? null, cause: error };
  if (error.status === 401 || error.status === 403 || error.status === 404)
    return new UpstreamFailure("misconfigured", details);
  if (error.status === 429)
    return new UpstreamFailure("rate_limited", { ...details, retryAfterSeconds: retryAfterOf(error.headers) });
  if (error.status >= 500) return new UpstreamFailure("unavailable", details);
  return new UpstreamFailure("refused", details);
}

/** Retry-After in seconds or as a date, or OpenAI's retry-after-ms; null when absent. */
function retryAfterOf(headers: Headers | undefined) {
  const milliseconds = Number(headers?.get("retry-after-ms"));
  if (milliseconds > 0) return Math.ceil(milliseconds / 1000);
  const header = headers?.get("retry-after");
  if (!header) return null;
  const seconds = Number(header);
  if (Number.isFinite(seconds)) return Math.max(Math.ceil(seconds), 1);
  const date = Date.parse(header);
  return Number.isNaN(date) ? null : Math.max(Math.ceil((date - Date.now()) / 1000), 1);
}
