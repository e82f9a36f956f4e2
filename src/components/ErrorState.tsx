import { Button } from "./Button";

interface ErrorStateProps {
  title: string;
  message: string;
  onRetry: () => void;
  retrying?: boolean;
}

/** A failed load, said plainly, with the way out. */
export function ErrorState({ title, message, onRetry, retrying }: ErrorStateProps) {
  return (
    <div
      role="alert"
      className="rounded-lg border border-red-200 bg-red-50 px-6 py-8 text-center dark:border-red-900 dark:bg-red-950/40"
    >
      <p className="font-medium text-red-800 dark:text-red-200">{title}</p>
      <p className="mt-1 text-sm text-red-700 dark:text-red-300">{message}</p>
      <Button variant="secondary" className="mt-4" onClick={onRetry} pending={retrying} pendingLabel="Retrying…">
        Try again
      </Button>
    </div>
  );
}
