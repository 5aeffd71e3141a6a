// Code-level accessibility of the whole site (#14, "what the tests must
// show"): axe-core's WCAG 2.1 A and AA rules on every page below — public,
// citizen, staff and national — in Arabic and French, on a 360 px phone and
// on a desktop: 0 violations; at 360 px no page scrolls sideways. Each page's
// HTML is kept under html/ for the Nu HTML checker (run.sh runs vnu on them
// once the suite is done: 0 errors).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import http from 'node:http';
import { launch, url, shot, mailTo, port } from './browser.mjs';

const require = createRequire(import.meta.url);
const axeSource = require('fs').readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
const PASSWORD = 'une phrase assez longue pour Kénitra';
const htmlDir = new URL('./html/', import.meta.url).pathname;
mkdirSync(htmlDir, { recursive: true });

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

const SIZES = { phone: { width: 360, height: 740 }, desktop: { width: 1280, height: 900 } };

/** One HTTP exchange with the test server as `host` (Node's own client:
 * it lets the Host header name the collectivity). */
function exchange(host, method, path, headers = {}, body = null) {
  return new Promise((resolve, reject) => {
    const rq = http.request({ host: '127.0.0.1', port, method, path, headers: { host: `${host}:${port}`, ...headers }, timeout: 20_000 }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (c) => { text += c; });
      res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, text }));
    });
    rq.on('timeout', () => rq.destroy(new Error(`${method} ${host}${path}: no answer`)));
    rq.on('error', reject);
    rq.end(body);
  });
}

const pairs = (setCookies = []) => setCookies.map((c) => c.split(';')[0].split('='));

/** A browser context for one viewer. Staff and citizens sign in through the
 * sign-in form, sent over HTTP as a browser sends it (CSRF token, Origin),
 * and the session cookie goes into the context: Chromium's own form
 * submission stalled at times behind its password-manager UI. The language
 * comes from the `lang` cookie the site's switch sets, the size from the
 * page's viewport. */
async function context(account) {
  const ctx = await browser.newContext({ viewport: SIZES.desktop, bypassCSP: true });
  if (!account) return ctx;
  const form = await exchange(account.host, 'GET', '/sign-in');
  const pre = pairs(form.headers['set-cookie']);
  const csrf = form.text.match(/name="_csrf" value="([^"]+)"/)[1];
  const body = new URLSearchParams({ _csrf: csrf, email: account.email, password: PASSWORD, next: '/' }).toString();
  const signedIn = await exchange(account.host, 'POST', '/sign-in', {
    'content-type': 'application/x-www-form-urlencoded',
    'content-length': Buffer.byteLength(body),
    origin: `http://${account.host}:${port}`,
    cookie: pre.map(([k, v]) => `${k}=${v}`).join('; '),
  }, body);
  assert.equal(signedIn.status, 303, `sign-in of ${account.email}: ${signedIn.text.slice(0, 300)}`);
  const cookies = pairs(signedIn.headers['set-cookie']).filter(([, v]) => v);
  assert.ok(cookies.length > 0, `no session cookie for ${account.email}`);
  await ctx.addCookies(cookies.map(([name, value]) => ({ name, value, domain: account.host, path: '/', httpOnly: true, sameSite: 'Lax' })));
  return ctx;
}

/** `promise`, or a failure naming `what` after `ms` (evaluate has no timeout of its own). */
function within(ms, what, promise) {
  let timer;
  const late = new Promise((_, reject) => { timer = setTimeout(() => reject(new Error(`${what}: no answer within ${ms} ms`)), ms); });
  return Promise.race([promise, late]).finally(() => clearTimeout(timer));
}

/** The first link of `selector` on `path`: a project, a consultation, an idea. */
async function firstLink(host, path, selector) {
  const ctx = await browser.newContext();
  const page = await ctx.newPage();
  await page.goto(url(host, path));
  const href = await page.$eval(selector, (a) => a.getAttribute('href'));
  await ctx.close();
  return href;
}

const K = 'kenitra.localhost';
const N = 'localhost';
const LIGHT = 'chefchaouen.localhost';
const accounts = {
  citizen: null, // signed up during the run (below)
  editor: { host: K, email: 'editrice@kenitra.ma' },
  moderator: { host: K, email: 'moderation@kenitra.ma' },
  admin: { host: K, email: 'admin@kenitra.ma' },
  manager: { host: N, email: 'gestion@infitah.ma' },
};

/** The paths whose every view is also photographed, under screenshots/. */
const shoot = new Set();

async function pages() {
  const project = await firstLink(K, '/', 'a.card-link');
  const consultation = await firstLink(K, '/consultations', 'main a[href^="/consultations/"]');
  const idea = await firstLink(K, '/ideas', 'main a[href^="/ideas/0"]');
  const workshop = await firstLink(K, '/workshops', 'main a[href^="/workshops/"]');
  const region = await firstLink(N, '/', 'main a[href^="/regions/"]');
  // Screenshots of the pages issue 14 touched, beside the legal ones.
  for (const p of [project, consultation, '/admin', '/verify/resend', '/manage/gap', '/admin/plan']) shoot.add(p);
  return [
    // Public, anonymous.
    ...['/', project, '/consultations', consultation, '/ideas', idea, '/workshops', workshop, '/open-data',
      '/sign-in', '/sign-up', '/password/forgot', '/verify/resend', '/legal/terms', '/legal/privacy', '/legal/legal-notice',
      '/legal/accessibility', '/legal/contact'].map((p) => ({ who: null, host: K, path: p })),
    ...['/', region, '/open-data', '/legal/privacy'].map((p) => ({ who: null, host: N, path: p })),
    // A light brand colour (#f4c430): text and links keep 4.5:1 all the same.
    ...['/', '/legal/contact', '/sign-in'].map((p) => ({ who: null, host: LIGHT, path: p })),
    // A citizen.
    ...['/account', '/account/terms', '/notifications', '/notifications/preferences', '/ideas/new'].map((p) => ({ who: 'citizen', host: K, path: p })),
    // Staff, each in their own sections.
    ...['/admin', '/admin/plan', '/admin/consultations', '/admin/ideas', '/admin/workshops'].map((p) => ({ who: 'editor', host: K, path: p })),
    ...['/admin', '/admin/moderation'].map((p) => ({ who: 'moderator', host: K, path: p })),
    ...['/admin', '/admin/staff', '/admin/legal', '/admin/legal/privacy/fr'].map((p) => ({ who: 'admin', host: K, path: p })),
    // National managers.
    ...['/manage', '/manage/gap', '/manage/gap?page=2', '/manage/participation', '/admin/catalogues'].map((p) => ({ who: 'manager', host: N, path: p })),
  ];
}

/** A verified citizen of Kénitra, signed up through the form. */
async function citizen() {
  const email = `axe-${Date.now()}@example.ma`;
  const ctx = await browser.newContext({ locale: 'fr-MA' });
  const page = await ctx.newPage();
  await page.goto(url(K, '/sign-up'));
  await page.fill('#email', email);
  await page.fill('#display_name', 'Lecteur');
  await page.fill('#password', PASSWORD);
  await page.check('#terms');
  await page.click('form.form button[type=submit]');
  const mail = await mailTo(email);
  const link = mail.text.match(/https?:\/\/\S+\/verify\?token=[\w-]+/)[0];
  await page.goto(url(K, new URL(link).pathname + new URL(link).search));
  await ctx.close();
  return { host: K, email };
}

test('axe-core finds no WCAG 2.1 A/AA violation on any page, in Arabic and French, phone and desktop', { timeout: 900_000 }, async () => {
  accounts.citizen = await citizen();
  const list = await pages();
  assert.ok(list.length >= 25, `${list.length} pages`);
  const failures = [];
  let checked = 0;
  const viewers = [...new Set(list.map((i) => i.who))];
  for (const who of viewers) {
    const ctx = await within(90_000, `signing in as ${who}`, context(who && accounts[who]));
    for (const lang of ['ar', 'fr']) {
      await ctx.addCookies([K, N, LIGHT].map((domain) => ({ name: 'lang', value: lang, domain, path: '/' })));
      for (const size of ['phone', 'desktop']) {
        for (const item of list.filter((i) => i.who === who)) {
          const page = await within(30_000, 'a new page', ctx.newPage());
          page.setDefaultTimeout(30_000);
          await page.setViewportSize(SIZES[size]);
          const started = Date.now();
          const r = await page.goto(url(item.host, item.path));
          assert.ok(r.status() < 400, `${item.host}${item.path} as ${item.who ?? 'visitor'}: ${r.status()}`);
          const htmlLang = await page.evaluate(() => document.documentElement.lang);
          assert.ok(htmlLang.startsWith(lang), `${item.path} in ${lang}: ${htmlLang}`);
          await page.addScriptTag({ content: axeSource });
          const result = await within(60_000, `axe on ${item.host}${item.path}`, page.evaluate(async () => window.axe.run(document, {
            runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] },
            resultTypes: ['violations'],
          })));
          for (const v of result.violations) {
            failures.push(`${lang} ${size} ${item.host}${item.path}: ${v.id} — ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(', ')}`);
          }
          if (size === 'phone') {
            const wide = await page.evaluate(() => [document.documentElement.scrollWidth, window.innerWidth]);
            if (wide[0] > wide[1]) failures.push(`${lang} phone ${item.host}${item.path}: scrolls sideways (${wide[0]} > ${wide[1]})`);
            // No table cell whose content is wider than the cell (cut, or drawn over its neighbour).
            const cut = await page.evaluate(() => [...document.querySelectorAll('td, th')]
              .filter((c) => c.getBoundingClientRect().width > 2 && c.scrollWidth > c.clientWidth + 1)
              .map((c) => c.textContent.trim().slice(0, 30)));
            if (cut.length) failures.push(`${lang} phone ${item.host}${item.path}: ${cut.length} table cells cut (${cut.slice(0, 3).join(' | ')})`);
          }
          if (size === 'desktop') {
            const name = `${item.host.replace('.localhost', '').replace('localhost', 'nation')}${item.path.replace(/[^a-z0-9]+/gi, '-')}-${lang}-${item.who ?? 'visitor'}`;
            // What the server sent, before axe was injected into the page.
            writeFileSync(`${htmlDir}${name}.html`, await within(30_000, `the HTML of ${item.path}`, r.text()));
          }
          if (item.path.startsWith('/legal/') || item.path.startsWith('/admin/legal') || item.path === '/account/terms') {
            await page.screenshot({ path: shot(`legal${item.path.replace(/[^a-z0-9]+/gi, '-')}-${item.host === N ? 'nation-' : ''}${lang}-${size}`) });
          } else if (shoot.has(item.path)) {
            const slug = item.path === '/' ? '-home' : item.path.replace(/[0-9a-f]{8}-[0-9a-f-]{27}/g, 'one').replace(/[^a-z0-9]+/gi, '-');
            await page.screenshot({ path: shot(`page${slug}-${item.who ?? 'visitor'}-${lang}-${size}`), fullPage: size === 'phone' });
          }
          checked += 1;
          console.log(`# ${lang} ${size} ${item.host}${item.path} (${item.who ?? 'visitor'}): ${Date.now() - started} ms`);
          await within(30_000, 'closing a page', page.close());
        }
      }
    }
    await within(30_000, 'closing a context', ctx.close());
  }
  assert.deepEqual(failures, [], `${failures.length} problems on ${checked} page views`);
  console.log(`# axe-core: ${checked} page views (${list.length} pages × 2 languages × 2 sizes), 0 violations`);
});
