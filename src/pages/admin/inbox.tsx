import Link from "next/link";
import { useRouter } from "next/router";
import { MessageList } from "~/components/inbox/MessageList";
import { Layout } from "~/components/Layout";
import { inboxFilters } from "~/schemas/contact";
import { pageData } from "~/server/ssr";

type InboxFilter = (typeof inboxFilters)[number];

const filterOf = (value: unknown): InboxFilter => inboxFilters.find((filter) => filter === value) ?? "inbox";
const listInput = (filter: InboxFilter) => ({ filter, limit: 20 });
const labels: Record<InboxFilter, string> = { inbox: "Inbox", unread: "Unread", archived: "Archived" };

export const getServerSideProps = pageData("admins", (trpc, { query }) =>
  trpc.contact.list.prefetchInfinite(listInput(filterOf(query.filter))),
);

export default function InboxPage() {
  const filter = filterOf(useRouter().query.filter);
  const tabs = (
    <nav
      aria-label="Filter messages"
      className="inline-flex rounded-md border border-zinc-300 p-0.5 dark:border-zinc-700"
    >
      {inboxFilters.map((option) => (
        <Link
          key={option}
          href={option === "inbox" ? "/admin/inbox" : `/admin/inbox?filter=${option}`}
          shallow
          aria-current={option === filter ? "page" : undefined}
          className="rounded px-3 py-1 text-sm text-zinc-600 aria-[current=page]:bg-zinc-200 aria-[current=page]:font-medium aria-[current=page]:text-zinc-900 dark:text-zinc-400 dark:aria-[current=page]:bg-zinc-800 dark:aria-[current=page]:text-zinc-100"
        >
          {labels[option]}
        </Link>
      ))}
    </nav>
  );
  return (
    <Layout title="Inbox" description="What visitors sent through the contact form." aside={tabs}>
      <MessageList input={listInput(filter)} />
    </Layout>
  );
}
