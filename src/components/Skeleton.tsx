/** Placeholder rows in the shape of what is loading. */
export function Skeleton({ rows = 3, className = "h-16" }: { rows?: number; className?: string }) {
  return (
    <div role="status" aria-label="Loading" className="space-y-3">
      {Array.from({ length: rows }, (_, index) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: identical placeholders that never move.
        <div key={index} className={`animate-pulse rounded-lg bg-zinc-200 dark:bg-zinc-800 ${className}`} />
      ))}
    </div>
  );
}
