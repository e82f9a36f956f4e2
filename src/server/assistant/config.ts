import { getServerEnv } from "../env";

/** What the assistant needs to know, from the server's environment (tests build their own). */
export interface AssistantConfig {
  /** null: not configured, and every procedure says so (PRECONDITION_FAILED). */
  apiKey: string | null;
  baseURL: string;
  model: string;
  firstTokenTimeoutMs: number;
  totalTimeoutMs: number;
  dailyRequests: number;
  dailyTokens: number;
  maxAnswerTokens: number;
}

export function assistantConfigFromEnv(): AssistantConfig {
  const env = getServerEnv();
  return {
    apiKey: env.OPENAI_API_KEY,
    baseURL: env.OPENAI_BASE_URL,
    model: env.OPENAI_MODEL,
    firstTokenTimeoutMs: env.ASSISTANT_FIRST_TOKEN_TIMEOUT_MS,
    totalTimeoutMs: env.ASSISTANT_TOTAL_TIMEOUT_MS,
    dailyRequests: env.ASSISTANT_DAILY_REQUESTS,
    dailyTokens: env.ASSISTANT_DAILY_TOKENS,
    maxAnswerTokens: env.ASSISTANT_MAX_ANSWER_TOKENS,
  };
}
