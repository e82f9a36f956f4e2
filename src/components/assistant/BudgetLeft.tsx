import type { RouterOutputs } from "~/utils/trpc";

/** What is left of today's budget, so running out is no surprise. */
export function BudgetLeft({ status }: { status: RouterOutputs["assistant"]["status"] }) {
  const { left, limits } = status;
  const resets = new Date(left.resetsAt).toISOString().slice(11, 16);
  return (
    <p data-testid="budget-left" className="text-sm text-zinc-500 dark:text-zinc-400">
      Today: {left.requests} of {limits.requests} questions and {left.tokens.toLocaleString("en")} of{" "}
      {limits.tokens.toLocaleString("en")} tokens left; the budget resets at {resets} UTC.
    </p>
  );
}
