import { useEffect, useRef } from "react";
import { Button } from "~/components/Button";
import { RelativeTime } from "~/components/RelativeTime";
import type { Item } from "./useItemMutations";

interface ItemCardProps {
  item: Item;
  onDelete?: () => void;
  /** Just posted by this visitor: it takes focus once it is saved. */
  focused?: boolean;
}

export function ItemCard({ item, onDelete, focused = false }: ItemCardProps) {
  const saving = item.id < 0;
  const ref = useRef<HTMLElement>(null);
  useEffect(() => {
    if (focused) ref.current?.focus();
  }, [focused]);
  return (
    <article
      ref={ref}
      tabIndex={-1}
      aria-busy={saving || undefined}
      className={`rounded-lg border border-zinc-200 bg-white p-4 dark:border-zinc-800 dark:bg-zinc-900 ${saving ? "opacity-60" : ""}`}
    >
      <div className="flex items-start justify-between gap-3">
        <h3 className="min-w-0 font-semibold break-words">{item.title}</h3>
        {onDelete && !saving && (
          <Button variant="ghost" size="sm" onClick={onDelete} aria-label={`Delete “${item.title}”`}>
            Delete
          </Button>
        )}
      </div>
      {item.body && (
        <p className="mt-1 whitespace-pre-line break-words text-zinc-700 dark:text-zinc-300">{item.body}</p>
      )}
      <p className="mt-2 text-sm text-zinc-500 dark:text-zinc-400">
        <span className="font-medium text-zinc-700 dark:text-zinc-300">@{item.author.username}</span> ·{" "}
        {saving ? "posting…" : <RelativeTime iso={item.created_at} />}
      </p>
    </article>
  );
}
