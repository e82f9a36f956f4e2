/**
 * Runs `work` once the browser is idle after the first paint, the way Next prefetches the
 * pages of links in view: code a page will likely need soon (toasts, a form's schema) is there
 * when it is needed, even if the network is gone by then, without weighing on the first load.
 * Skipped when the browser asks to save data, as Next's prefetch is. Returns a cancel.
 */
export function whenIdle(work: () => void): () => void {
  const connection = (navigator as { connection?: { saveData?: boolean } }).connection;
  if (connection?.saveData) return () => {};
  if ("requestIdleCallback" in window) {
    const id = requestIdleCallback(work, { timeout: 5_000 });
    return () => cancelIdleCallback(id);
  }
  const id = setTimeout(work, 2_000);
  return () => clearTimeout(id);
}
