import { useRouter } from "next/router";
import { FilterTabs } from "~/components/FilterTabs";
import { Layout } from "~/components/Layout";
import { TodoForm } from "~/components/todos/TodoForm";
import { TodoList } from "~/components/todos/TodoList";
import { type TodoFilter, todoFilters } from "~/schemas/todo";
import { pageData } from "~/server/ssr";

const filterOf = (value: unknown): TodoFilter => todoFilters.find((filter) => filter === value) ?? "all";

const listInput = (filter: TodoFilter) => ({ filter, limit: 50 });
const tabs = [
  { value: "all", label: "All" },
  { value: "active", label: "Active" },
  { value: "done", label: "Done" },
] as const;

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
