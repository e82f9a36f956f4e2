import { useRouter } from "next/router";
import { z } from "zod";
import { BudgetLeft } from "~/components/assistant/BudgetLeft";
import { Chat } from "~/components/assistant/Chat";
import { ConversationList } from "~/components/assistant/ConversationList";
import { Layout } from "~/components/Layout";
import { pageData } from "~/server/ssr";
import { trpc } from "~/utils/trpc";

/** `?c=` names the open conversation; anything but a uuid means a new one. */
const conversationOf = (value: unknown) => z.uuid().safeParse(value).data ?? null;

const listInput = { limit: 20 };

export const getServerSideProps = pageData("signedIn", (trpc, { query }) => {
  const conversationId = conversationOf(query.c);
  return Promise.all([
    trpc.assistant.status.prefetch(),
    trpc.assistant.conversations.prefetchInfinite(listInput),
    conversationId && trpc.assistant.messages.prefetch({ conversationId }),
  ]);
});

export default function AssistantPage() {
  const router = useRouter();
  const conversationId = conversationOf(router.query.c);
  const status = trpc.assistant.status.useQuery();
  return (
    <Layout title="Assistant" description="Ask a question; the answer streams in. Only you can see your conversations.">
      <div className="grid gap-6 md:grid-cols-[12rem_minmax(0,1fr)]">
        <aside className="order-last md:order-first">
          <ConversationList input={listInput} current={conversationId} />
        </aside>
        <Chat
          conversationId={conversationId}
          configured={status.data?.configured ?? true}
          footer={status.data?.configured && <BudgetLeft status={status.data} />}
          // Shallow: the page is already showing this conversation's data as it streams in.
          onStarted={(id) => void router.push(`/assistant?c=${id}`, undefined, { shallow: true })}
        />
      </div>
    </Layout>
  );
}
