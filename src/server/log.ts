import pino from "pino";

/**
 * Structured logs: one JSON object per line on stdout, for the platform's log collector.
 * IMPORTANT: never log request bodies, headers or cookies: they carry passwords and tokens.
 * Written through process.stdout (not pino's direct file descriptor) so tests can read it.
 * @see https://getpino.io/#/docs/api
 */
export const logger = pino({ level: process.env.LOG_LEVEL ?? "info", base: undefined }, process.stdout);
