import { useRouter } from "next/router";
import { Layout } from "~/components/Layout";
import { TodoFilterTabs } from "~/components/todos/TodoFilterTabs";
import { TodoForm } from "~/components/todos/TodoForm";
import { TodoList } from "~/components/todos/TodoList";
import { type TodoFilter, todoFilters } from "~/schemas/todo";
import { pageData } from "~/server/ssr";

const filterOf = (value: unknown): TodoFilter => todoFilters.find((filter) => filter === value) ?? "all";

const listInput = (filter: TodoFilter) => ({ filter, limit: 50 });

export const getServerSideProps = pageData("signedIn", (trpc, { query }) =>
  Promise.all([trpc.todo.list.prefetchInfinite(listInput(filterOf(query.filter))), trpc.todo.counts.prefetch()]),
);

export default function TodosPage() {
  const filter = filterOf(useRouter().query.filter);
  return (
    <Layout title="To-dos" description="Private: only you can see them." aside={<TodoFilterTabs current={filter} />}>
      <TodoForm />
      <TodoList input={listInput(filter)} />
    </Layout>
  );
}
