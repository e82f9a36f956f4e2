import Head from "next/head";
import { Header } from "~/components/Header";
import { getSessionProps } from "~/server/ssr";
import { trpc } from "~/utils/trpc";

export const getServerSideProps = getSessionProps;

export default function HomePage() {
  const health = trpc.health.check.useQuery();

  return (
    <>
      <Head>
        <title>tRPC + Supabase</title>
      </Head>
      <Header />
      <main>
        <h1>tRPC + Supabase</h1>
        <p>The browser talks only to typed tRPC procedures; only the server talks to the database.</p>

        <section aria-labelledby="health-heading" className="card">
          <h2 id="health-heading">Server health</h2>
          {health.isPending && <p>Checking…</p>}
          {health.error && <p role="alert">Health check failed: {health.error.message}</p>}
          {health.data && (
            <dl data-testid="health">
              <dt>Status</dt>
              <dd>{health.data.status}</dd>
              <dt>Version</dt>
              <dd>{health.data.version}</dd>
              <dt>Uptime</dt>
              <dd>{health.data.uptimeSeconds} s</dd>
              <dt>Server time</dt>
              <dd>{health.data.time.toISOString()}</dd>
            </dl>
          )}
        </section>
      </main>
    </>
  );
}
