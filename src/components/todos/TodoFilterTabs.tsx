import Link from "next/link";
import { type TodoFilter, todoFilters } from "~/schemas/todo";

const labels: Record<TodoFilter, string> = { all: "All", active: "Active", done: "Done" };

/** The filter lives in the URL (`?filter=active`): reloadable, shareable, and the back button works. */
export function TodoFilterTabs({ current }: { current: TodoFilter }) {
  return (
    <nav
      aria-label="Filter to-dos"
      className="inline-flex rounded-md border border-zinc-300 p-0.5 dark:border-zinc-700"
    >
      {todoFilters.map((filter) => (
        <Link
          key={filter}
          href={filter === "all" ? "/todos" : `/todos?filter=${filter}`}
          shallow
          aria-current={filter === current ? "page" : undefined}
          className="rounded px-3 py-1 text-sm text-zinc-600 aria-[current=page]:bg-zinc-200 aria-[current=page]:font-medium aria-[current=page]:text-zinc-900 dark:text-zinc-400 dark:aria-[current=page]:bg-zinc-800 dark:aria-[current=page]:text-zinc-100"
        >
          {labels[filter]}
        </Link>
      ))}
    </nav>
  );
}
