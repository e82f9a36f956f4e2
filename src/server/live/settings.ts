/** Live-update limits; the environment may change them (src/server/env.ts, .env.example). */
export interface LiveSettings {
  /** Streams one user, or one network when signed out, may hold open per process. */
  maxStreamsPerUser: number;
  /** How often the process reads the change log while anyone listens (milliseconds). */
  pollMs: number;
}

export const DEFAULT_LIVE_SETTINGS: LiveSettings = { maxStreamsPerUser: 10, pollMs: 500 };
