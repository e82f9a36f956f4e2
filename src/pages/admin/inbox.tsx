import { useRouter } from "next/router";
import { FilterTabs } from "~/components/FilterTabs";
import { MessageList } from "~/components/inbox/MessageList";
import { Layout } from "~/components/Layout";
import type { inboxFilters } from "~/schemas/contact";
import { pageData } from "~/server/ssr";

type InboxFilter = (typeof inboxFilters)[number];

// The filters by their tabs, not by the schema's list: importing a value from a schema module
// would bring zod (about 30 KiB of gzipped JavaScript) into the page's first load.
const tabs = [
  { value: "inbox", label: "Inbox" },
  { value: "unread", label: "Unread" },
  { value: "archived", label: "Archived" },
] as const satisfies readonly { value: InboxFilter; label: string }[];

const filterOf = (value: unknown): InboxFilter => tabs.find((tab) => tab.value === value)?.value ?? "inbox";
const listInput = (filter: InboxFilter) => ({ filter, limit: 20 });

export const getServerSideProps = pageData("admins", (trpc, { query }) =>
  trpc.contact.list.prefetchInfinite(listInput(filterOf(query.filter))),
);

export default function InboxPage() {
  const filter = filterOf(useRouter().query.filter);
  return (
    <Layout
      title="Inbox"
      description="What visitors sent through the contact form."
      aside={<FilterTabs label="Filter messages" pathname="/admin/inbox" options={tabs} current={filter} />}
    >
      <MessageList input={listInput(filter)} />
    </Layout>
  );
}
