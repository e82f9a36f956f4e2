import { Button } from "./Button";

interface LoadMoreProps {
  hasNextPage: boolean;
  isFetchingNextPage: boolean;
  fetchNextPage: () => unknown;
}

/** The end of an infinite list: the next page on request, with its pending state. */
export function LoadMore({ hasNextPage, isFetchingNextPage, fetchNextPage }: LoadMoreProps) {
  if (!hasNextPage) return null;
  return (
    <div className="flex justify-center">
      <Button variant="secondary" onClick={() => fetchNextPage()} pending={isFetchingNextPage} pendingLabel="Loading…">
        Load more
      </Button>
    </div>
  );
}
