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
