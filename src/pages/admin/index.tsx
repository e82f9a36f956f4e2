import { UserTable } from "~/components/admin/UserTable";
import { ItemList } from "~/components/board/ItemList";
import { Card } from "~/components/Card";
import { Layout } from "~/components/Layout";
import { pageData } from "~/server/ssr";

const users = { limit: 20 };
// The board's own query: moderating here updates the board's cache too.
const board = { limit: 20 };

export const getServerSideProps = pageData("admins", (trpc) =>
  Promise.all([trpc.user.list.prefetchInfinite(users), trpc.item.list.prefetchInfinite(board)]),
);

export default function AdminPage() {
  return (
    <Layout title="Admin" description="Accounts and the board's moderation.">
      <Card title="Users" description="A new role reaches the user's session within the hour (at its next refresh).">
        <UserTable input={users} />
      </Card>
      <Card title="Moderation" description="Admins may delete any post.">
        <ItemList input={board} />
      </Card>
    </Layout>
  );
}
