import { useIsMutating } from "@tanstack/react-query";
import { useEffect } from "react";

/**
 * Asks before the tab is reloaded or closed while an optimistic change is still on its way to
 * the server: the page already shows it done, so leaving then may lose it without a word.
 * Forms that show "Saving…" until the answer (sign-in, profile) need no such warning.
 */
export function UnsavedChangesGuard() {
  const saving = useIsMutating({ predicate: (mutation) => mutation.meta?.optimistic === true }) > 0;
  useEffect(() => {
    if (!saving) return;
    const ask = (event: BeforeUnloadEvent) => {
      event.preventDefault();
      // Chrome before 119 asks only when returnValue is set.
      event.returnValue = "";
    };
    window.addEventListener("beforeunload", ask);
    return () => window.removeEventListener("beforeunload", ask);
  }, [saving]);
  return null;
}
