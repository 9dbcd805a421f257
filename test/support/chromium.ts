import { type Browser, chromium } from 'playwright-core';

/**
 * Debian's Chromium (not a downloaded build) driven by playwright-core. The flags keep it headless,
 * runnable as root in CI, and silent on the network: no update checks, sync or QUIC probes.
 */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--disable-quic',
    ],
  });
}
