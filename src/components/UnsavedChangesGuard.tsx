import { useIsMutating } from "@tanstack/react-query";
import { useEffect } from "react";

/**
 * Asks before the tab is reloaded or closed while a change is still on its way to the server:
 * an optimistic update already shows it done, so leaving then would lose it without a word.
 */
export function UnsavedChangesGuard() {
  const saving = useIsMutating() > 0;
  useEffect(() => {
    if (!saving) return;
    const ask = (event: BeforeUnloadEvent) => event.preventDefault();
    window.addEventListener("beforeunload", ask);
    return () => window.removeEventListener("beforeunload", ask);
  }, [saving]);
  return null;
}
