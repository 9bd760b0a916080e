// Debian's Chromium driven by playwright-core (Playwright's own browser download does not work on these machines).
import { chromium } from "playwright-core";

export const executablePath = process.env.BEDTIME_CHROMIUM ?? "/usr/bin/chromium";

export function launchBrowser() {
  return chromium.launch({
    executablePath,
    headless: true,
    args: [
      "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
      "--disable-component-update", "--disable-sync",
      // The tests start playback from a script, not a click on the player's own button.
      "--autoplay-policy=no-user-gesture-required",
    ],
  });
}
