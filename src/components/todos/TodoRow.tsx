import { useState } from "react";
import { Button } from "~/components/Button";
import { controlClass } from "~/components/Field";
import type { Todo } from "./useTodoMutations";

interface TodoRowProps {
  todo: Todo;
  onToggle: (done: boolean) => void;
  onRename: (title: string) => void;
  onDelete: () => void;
}

/** One to-do: a checkbox, its title (double-click or Edit to rename inline) and Delete. */
export function TodoRow({ todo, onToggle, onRename, onDelete }: TodoRowProps) {
  const [draft, setDraft] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const saving = todo.id < 0;

  async function save() {
    if (draft === null) return;
    // The schema the server checks with, loaded on the first rename rather than with the page.
    const { todoTitle } = await import("~/schemas/todo");
    const parsed = todoTitle.safeParse(draft);
    if (!parsed.success) {
      setError(parsed.error.issues[0]?.message ?? "Check the title");
      return;
    }
    setDraft(null);
    setError(null);
    if (parsed.data !== todo.title) onRename(parsed.data);
  }

  return (
    <li
      data-testid="todo"
      aria-busy={saving || undefined}
      className={`flex items-center gap-3 px-4 py-3 ${saving ? "opacity-60" : ""}`}
    >
      <input
        type="checkbox"
        checked={todo.done}
        disabled={saving}
        onChange={(event) => onToggle(event.target.checked)}
        aria-label={`Done: ${todo.title}`}
        className="size-5 shrink-0 accent-accent"
      />
      {draft === null ? (
        <button
          type="button"
          onDoubleClick={() => setDraft(todo.title)}
          className={`min-w-0 flex-1 cursor-text text-left break-words ${todo.done ? "text-zinc-400 line-through" : ""}`}
        >
          {todo.title}
        </button>
      ) : (
        <div className="min-w-0 flex-1">
          <input
            // biome-ignore lint/a11y/noAutofocus: the field appears because the user asked to rename.
            autoFocus
            value={draft}
            aria-label={`Rename “${todo.title}”`}
            aria-invalid={error ? true : undefined}
            onChange={(event) => setDraft(event.target.value)}
            onBlur={save}
            onKeyDown={(event) => {
              if (event.key === "Enter") save();
              if (event.key === "Escape") {
                setDraft(null);
                setError(null);
              }
            }}
            className={`${controlClass} py-1`}
          />
          {error && <p className="mt-1 text-sm text-red-600 dark:text-red-400">{error}</p>}
        </div>
      )}
      {draft === null && !saving && (
        <div className="flex shrink-0 gap-1">
          <Button variant="ghost" size="sm" onClick={() => setDraft(todo.title)} aria-label={`Rename “${todo.title}”`}>
            Edit
          </Button>
          <Button variant="ghost" size="sm" onClick={onDelete} aria-label={`Delete “${todo.title}”`}>
            Delete
          </Button>
        </div>
      )}
    </li>
  );
}
