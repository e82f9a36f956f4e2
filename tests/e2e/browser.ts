import { chromium } from "playwright-core";

/**
 * Debian's Chromium, driven by playwright-core (browser downloads do not work here).
 * The flags keep it from reaching for Google's services, which a closed network refuses.
 */
export function launchBrowser() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
    headless: true,
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
}
