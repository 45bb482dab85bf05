// Test-only (playwright-core is a dev dependency): the one headless-Chromium launch, for the GraphiQL
// test here and the cross-origin test in test/http. It lives in the gateway because the gateway's
// tests may not import from test/ (pnpm check:imports), while test/ already imports gateway sources.
import { existsSync } from 'node:fs';
import { type Browser, chromium } from 'playwright-core';

/** Debian's Chromium; .ci/run exports CHROMIUM_PATH when it finds or installs it elsewhere. */
export const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
export const hasChromium = existsSync(CHROMIUM);
/** For a skipped test's title: why it did not run and how to make it. */
export const chromiumMissing = hasChromium
  ? ''
  : ` (skipped: ${CHROMIUM} not found; apt-get install -y chromium)`;

/** Headless, sandbox-free (containers run as root) and quiet: no update, sync or QUIC traffic of its own. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}
