import type { TRPCClientErrorLike } from "@trpc/client";

interface LiveStatusProps {
  status: "idle" | "connecting" | "pending" | "error";
  error: TRPCClientErrorLike<never> | { message: string } | null;
}

/**
 * Whether what the list shows is live: connecting, live, reconnecting, or stopped (and why).
 * The server renders it "Connecting…", so the line is there on first paint and nothing moves.
 */
export function LiveStatus({ status, error }: LiveStatusProps) {
  if (status === "idle") return null;
  const [dot, label] =
    status === "pending"
      ? ["bg-emerald-500", "Live"]
      : status === "connecting"
        ? ["bg-amber-500 animate-pulse", error ? "Reconnecting…" : "Connecting…"]
        : ["bg-zinc-400", `Live updates stopped: ${error?.message ?? "reload the page"}`];
  return (
    <p role="status" className="flex items-center gap-2 text-xs text-zinc-500 dark:text-zinc-400">
      <span aria-hidden className={`inline-block size-2 rounded-full ${dot}`} />
      {label}
    </p>
  );
}
