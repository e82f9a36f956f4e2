import { PasswordForm } from "~/components/account/PasswordForm";
import { ProfileForm } from "~/components/account/ProfileForm";
import { SignOutEverywhere } from "~/components/account/SignOutEverywhere";
import { Card } from "~/components/Card";
import { Layout } from "~/components/Layout";
import { pageData } from "~/server/ssr";
import { trpc } from "~/utils/trpc";

// auth.me, which every page prefetches, holds all this page shows.
export const getServerSideProps = pageData("signedIn");

export default function AccountPage() {
  const me = trpc.auth.me.useQuery().data;
  return (
    <Layout title="Account" description={me?.email ?? undefined}>
      {me?.profile && (
        <Card title="Profile" description="How others see you on the board.">
          <ProfileForm profile={me.profile} />
        </Card>
      )}
      <Card title="Password" description="Changing it signs out your other sessions.">
        <PasswordForm />
      </Card>
      <Card title="Sessions" description="Lost a device? End every session of this account, this one included.">
        <SignOutEverywhere />
      </Card>
    </Layout>
  );
}
