import { existsSync } from 'node:fs';

/** Debian's Chromium, which .ci/run installs; playwright-core drives it (it downloads no browser of its own). */
export const CHROMIUM = '/usr/bin/chromium';

/**
 * Whether browser tests can run. Without Chromium they are skipped, except where COROFETCH_REQUIRE_BROWSER
 * is set (.ci/run sets it), so CI cannot pass by skipping them.
 */
export function browserAvailable(): boolean {
  if (existsSync(CHROMIUM)) return true;
  if (process.env.COROFETCH_REQUIRE_BROWSER === '1')
    throw new Error(`${CHROMIUM} is missing but COROFETCH_REQUIRE_BROWSER=1`);
  return false;
}

/** The flags this workplace's probe found Chromium needs as root on a closed network. */
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
