import { useEffect, useState } from "react";
import { preloadToasts, registerToaster } from "~/utils/toast";
import { whenIdle } from "~/utils/when-idle";

interface Mounting {
  SonnerToaster: typeof import("sonner").Toaster;
  mounted: () => void;
}

/** Where toasts appear (bottom right): sonner's toaster, mounted at idle time or by the first toast. */
export function Toaster() {
  const [mounting, setMounting] = useState<Mounting | null>(null);
  useEffect(() => {
    registerToaster((sonner) => new Promise((mounted) => setMounting({ SonnerToaster: sonner.Toaster, mounted })));
    return whenIdle(preloadToasts);
  }, []);
  // A child's effects run before its parent's: sonner's toaster is listening by now.
  useEffect(() => mounting?.mounted(), [mounting]);
  if (!mounting) return null;
  const { SonnerToaster } = mounting;
  return <SonnerToaster richColors closeButton position="bottom-right" />;
}
