import type { ExternalToast } from "sonner";

type Sonner = typeof import("sonner");

/**
 * Toasts, with sonner loaded once the page is idle (or by the first toast, if that comes
 * sooner): no page shows a toast on its first paint, and sonner is about 10 KiB of gzipped
 * JavaScript that every page would otherwise load up front.
 * IMPORTANT: sonner's toaster shows only the toasts it saw arrive, so a toast waits until
 * `<Toaster>` (in _app) has mounted it.
 */
type Mount = (sonner: Sonner) => Promise<void>;
let registerMount: (mount: Mount) => void = () => {};
// IMPORTANT: a page's effects run before _app's <Toaster> registers: a toast that early waits.
const toasterRegistered = new Promise<Mount>((resolve) => {
  registerMount = resolve;
});
let loaded: Promise<Sonner> | undefined;

/** For `<Toaster>`: how to mount sonner's toaster, resolving once it listens. */
export function registerToaster(mount: Mount) {
  registerMount(mount);
}

function sonner() {
  loaded ??= Promise.all([import("sonner"), toasterRegistered])
    .then(async ([module, mount]) => {
      await mount(module);
      return module;
    })
    .catch((error: unknown) => {
      // The chunk did not load (offline, a new deploy): the next toast tries again.
      loaded = undefined;
      throw error;
    });
  return loaded;
}

/** For `<Toaster>`, at idle time: an error toast must not depend on the network that just failed. */
export const preloadToasts = () => void sonner().catch(() => {});

// A toast whose code could not load is lost, but no unhandled rejection.
export const toast = {
  success: (message: string, data?: ExternalToast) =>
    void sonner().then(
      ({ toast }) => toast.success(message, data),
      () => {},
    ),
  error: (message: string, data?: ExternalToast) =>
    void sonner().then(
      ({ toast }) => toast.error(message, data),
      () => {},
    ),
};
