import Link from "next/link";

interface FilterTabsProps<Value extends string> {
  label: string;
  /** The page the tabs filter; the first option is its default and has no query string. */
  pathname: string;
  options: readonly { value: Value; label: string }[];
  current: Value;
}

/** A filter kept in the URL (`?filter=…`): reloadable, shareable, and the back button works. */
export function FilterTabs<Value extends string>({ label, pathname, options, current }: FilterTabsProps<Value>) {
  return (
    <nav aria-label={label} className="inline-flex rounded-md border border-zinc-300 p-0.5 dark:border-zinc-700">
      {options.map((option, index) => (
        <Link
          key={option.value}
          href={index === 0 ? pathname : `${pathname}?filter=${option.value}`}
          shallow
          aria-current={option.value === current ? "page" : undefined}
          className="rounded px-3 py-1 text-sm text-zinc-600 aria-[current=page]:bg-zinc-200 aria-[current=page]:font-medium aria-[current=page]:text-zinc-900 dark:text-zinc-400 dark:aria-[current=page]:bg-zinc-800 dark:aria-[current=page]:text-zinc-100"
        >
          {option.label}
        </Link>
      ))}
    </nav>
  );
}
