import { useRouter } from "next/router";
import { FilterTabs } from "~/components/FilterTabs";
import { Layout } from "~/components/Layout";
import { TodoForm } from "~/components/todos/TodoForm";
import { TodoList } from "~/components/todos/TodoList";
import type { TodoFilter } from "~/schemas/todo";
import { pageData } from "~/server/ssr";

// The filters by their tabs, not by the schema's list: importing a value from a schema module
// would bring zod (about 30 KiB of gzipped JavaScript) into the page's first load.
const tabs = [
  { value: "all", label: "All" },
  { value: "active", label: "Active" },
  { value: "done", label: "Done" },
] as const satisfies readonly { value: TodoFilter; label: string }[];

const filterOf = (value: unknown): TodoFilter => tabs.find((tab) => tab.value === value)?.value ?? "all";

const listInput = (filter: TodoFilter) => ({ filter, limit: 50 });

export const getServerSideProps = pageData("signedIn", (trpc, { query }) =>
  Promise.all([trpc.todo.list.prefetchInfinite(listInput(filterOf(query.filter))), trpc.todo.counts.prefetch()]),
);

export default function TodosPage() {
  const filter = filterOf(useRouter().query.filter);
  return (
    <Layout
      title="To-dos"
      description="Private: only you can see them."
      aside={<FilterTabs label="Filter to-dos" pathname="/todos" options={tabs} current={filter} />}
    >
      <TodoForm />
      <TodoList input={listInput(filter)} />
    </Layout>
  );
}
