// Shared set-up of the browser tests: Debian's Chromium, headless, offline.
import { chromium } from 'playwright-core';

export const port = process.env.INFITAH_URL_PORT || '18080';
export const url = (host, path = '/') => `http://${host}:${port}${path}`;

export async function launch() {
  return chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync'],
  });
}

export function shot(name) {
  return new URL(`./screenshots/${name}.png`, import.meta.url).pathname;
}
