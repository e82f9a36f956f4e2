import { Card } from "~/components/Card";
import { ErrorState } from "~/components/ErrorState";
import { Layout } from "~/components/Layout";
import { pageData } from "~/server/ssr";
import { trpc } from "~/utils/trpc";

export const getServerSideProps = pageData("anyone", (trpc) => trpc.health.check.prefetch());

export default function StatusPage() {
  const health = trpc.health.check.useQuery();
  return (
    <Layout title="Status" description="What the server reports about itself.">
      {health.isError ? (
        <ErrorState
          title="The health check failed"
          message={health.error.message}
          onRetry={() => health.refetch()}
          retrying={health.isRefetching}
        />
      ) : (
        <Card>
          {health.data && (
            <dl data-testid="health" className="grid grid-cols-[max-content_1fr] gap-x-6 gap-y-2 text-sm">
              <dt className="font-medium">Status</dt>
              <dd>{health.data.status}</dd>
              <dt className="font-medium">Version</dt>
              <dd>{health.data.version}</dd>
              <dt className="font-medium">Uptime</dt>
              <dd>{health.data.uptimeSeconds} s</dd>
              <dt className="font-medium">Server time</dt>
              <dd>{health.data.time.toISOString()}</dd>
            </dl>
          )}
        </Card>
      )}
    </Layout>
  );
}
