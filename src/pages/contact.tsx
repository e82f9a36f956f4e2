import { Card } from "~/components/Card";
import { ContactForm } from "~/components/contact/ContactForm";
import { Layout } from "~/components/Layout";
import { pageData } from "~/server/ssr";
import { trpc } from "~/utils/trpc";

export const getServerSideProps = pageData("anyone", (trpc) => trpc.contact.formToken.prefetch());

export default function ContactPage() {
  const me = trpc.auth.me.useQuery().data;
  return (
    <Layout title="Contact" description="A question, a problem, an idea: write to the people who run this site.">
      <Card>
        <ContactForm name={me?.profile?.display_name ?? me?.profile?.username ?? ""} email={me?.email ?? ""} />
      </Card>
    </Layout>
  );
}
