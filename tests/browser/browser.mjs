// Shared set-up of the browser tests: Debian's Chromium, headless, offline.
import { chromium } from 'playwright-core';

export const port = process.env.INFITAH_URL_PORT || '18080';
export const url = (host, path = '/') => `http://${host}:${port}${path}`;

export async function launch() {
  return chromium.launch({
    executablePath: '/usr/bin/chromium',
    // Hermetic: no sign-in, sync, autofill, safe-browsing, update or metrics
    // traffic, and no name outside the tests' own *.localhost resolves at all
    // (so nothing can reach the network, even what no switch turns off).
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--no-default-browser-check',
      '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-default-apps',
      '--disable-extensions', '--disable-domain-reliability', '--disable-client-side-phishing-detection',
      '--disable-breakpad', '--metrics-recording-only', '--no-pings', '--password-store=basic',
      '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE localhost, EXCLUDE *.localhost'],
  });
}

/** Waits for the mail catcher to hold a message to `to`, and returns it. */
export async function mailTo(to, timeoutMs = 20000) {
  const port = process.env.INFITAH_MAIL_PORT || '11080';
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const res = await fetch(`http://127.0.0.1:${port}/email`);
    const all = await res.json();
    const found = all.filter((m) => m.to.some((t) => t.address === to));
    if (found.length) return found[found.length - 1];
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`no mail to ${to} within ${timeoutMs} ms`);
}

export function shot(name) {
  return new URL(`./screenshots/${name}.png`, import.meta.url).pathname;
}
