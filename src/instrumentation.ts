/** Runs once when the server starts: a missing or malformed variable stops it at once, not at the first request. */
export async function register() {
  if (process.env.NEXT_RUNTIME === "nodejs") {
    const { getServerEnv } = await import("./server/env");
    getServerEnv();
  }
}
