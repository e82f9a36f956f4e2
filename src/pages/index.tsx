import dynamic from "next/dynamic";
import Link from "next/link";
import { useState } from "react";
import { ItemList } from "~/components/board/ItemList";
import { Card } from "~/components/Card";
import { Layout } from "~/components/Layout";
import { pageData } from "~/server/ssr";
import { trpc } from "~/utils/trpc";

const board = { limit: 20 };

// Only signed-in people see the form, so it is a chunk of its own (with react-hook-form and
// zod) that the server adds to the page only when it renders the form.
const PostForm = dynamic(() => import("~/components/board/PostForm").then((module) => module.PostForm));

export const getServerSideProps = pageData("anyone", (trpc) => trpc.item.list.prefetchInfinite(board));

export default function BoardPage() {
  const me = trpc.auth.me.useQuery().data;
  const [justPosted, setJustPosted] = useState<number | null>(null);
  return (
    <Layout title="Board" description="Everyone reads; signed-in people post as themselves.">
      {me ? (
        <Card title="New post">
          <PostForm onPosted={setJustPosted} />
        </Card>
      ) : (
        <p className="rounded-lg border border-zinc-200 bg-white p-4 text-sm dark:border-zinc-800 dark:bg-zinc-900">
          <Link href="/login?next=/" className="font-medium text-accent underline-offset-2 hover:underline">
            Sign in
          </Link>{" "}
          to post on the board.
        </p>
      )}
      <ItemList input={board} focusId={justPosted} />
    </Layout>
  );
}
