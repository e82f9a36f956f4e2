import { useEffect, useState } from "react";
import { registerToaster } from "~/utils/toast";

interface Mounting {
  SonnerToaster: typeof import("sonner").Toaster;
  mounted: () => void;
}

/** Where toasts appear (bottom right): sonner's toaster, mounted when the first toast asks for it. */
export function Toaster() {
  const [mounting, setMounting] = useState<Mounting | null>(null);
  useEffect(() => {
    registerToaster((sonner) => new Promise((mounted) => setMounting({ SonnerToaster: sonner.Toaster, mounted })));
  }, []);
  // A child's effects run before its parent's: sonner's toaster is listening by now.
  useEffect(() => mounting?.mounted(), [mounting]);
  if (!mounting) return null;
  const { SonnerToaster } = mounting;
  return <SonnerToaster richColors closeButton position="bottom-right" />;
}
