/** The browser of the browser tests, on its own so that a test needing only a page loads no server. */
import { chromium, type Browser } from 'playwright-core';

/** Debian's Chromium, with the flags that keep it off the network it cannot reach here. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}
