// A way around the site: the sections on every page, folded into one menu on
// a phone (a <details>, so it works without JavaScript), the back-office
// sections each role may open — and none it may not — and one name for the
// national root.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, url, shot } from './browser.mjs';

const PASSWORD = 'une phrase assez longue pour Kénitra';
let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

async function signIn(context, host, email) {
  const page = await context.newPage();
  await page.goto(url(host, '/sign-in?next=/'));
  await page.fill('#email', email);
  await page.fill('#password', PASSWORD);
  await page.click('form.form button[type=submit]');
  assert.equal(new URL(page.url()).pathname, '/', `sign-in of ${email}`);
  return page;
}

/** Every link of a navigation, opened, and every same-site link of the
 * pages it leads to, fetched with the same session: none may answer an
 * error (a staff member is never shown a page their roles do not open). */
async function openEach(context, host, selector) {
  const page = await context.newPage();
  await page.goto(url(host, '/'));
  const hrefs = await page.$$eval(`${selector} a`, (as) => as.map((a) => a.getAttribute('href')));
  assert.ok(hrefs.length > 0, `no link in ${selector}`);
  const inner = new Set();
  for (const href of hrefs) {
    const r = await page.goto(url(host, href));
    assert.equal(r.status(), 200, `${host}${href} answered ${r.status()}`);
    for (const h of await page.$$eval('main a[href^="/"]', (as) => as.map((a) => a.getAttribute('href')))) {
      // Pages, not downloads: exports stream whole datasets.
      if (!/\.(csv|json|jsonl)(\?|$)|^\/open-data\/|^\/api\//.test(h)) inner.add(h);
    }
  }
  // Fetched from the page itself: the browser's session and name resolution.
  // A redirect (opaque, status 0) is not an error.
  const statuses = await page.evaluate(async (list) => Promise.all(list.map(async (h) =>
    [h, (await fetch(h, { redirect: 'manual', credentials: 'same-origin', signal: AbortSignal.timeout(15000) })).status])), [...inner]);
  for (const [h, status] of statuses) {
    assert.ok(status < 400, `${host}${h}, linked from a page of ${selector}, answered ${status}`);
  }
  await page.close();
  return hrefs;
}

for (const lang of ['ar', 'fr']) {
  test(`on a 360 px phone in ${lang}, the header is short and the menu opens without JavaScript`, async () => {
    const context = await browser.newContext({
      viewport: { width: 360, height: 740 }, isMobile: true, deviceScaleFactor: 2,
      javaScriptEnabled: false, locale: lang === 'ar' ? 'ar-MA' : 'fr-MA',
    });
    const page = await context.newPage();
    await page.goto(url('kenitra.localhost', '/'));
    await page.click('a.card-link');
    assert.match(new URL(page.url()).pathname, /^\/projects\//);
    const header = await page.locator('.site-header').boundingBox();
    assert.ok(header.height <= 120, `the header is ${header.height}px high`);
    // The project's title is on the first screen.
    const title = await page.locator('main h1').boundingBox();
    assert.ok(title.y + title.height <= 740, `the title ends at ${title.y + title.height}px`);
    assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= innerWidth), 'the page scrolls sideways');
    // Folded: the sections are in the menu, hidden until it opens.
    assert.equal(await page.locator('nav.primary').isVisible(), false);
    assert.equal(await page.locator('.menu-panel').isVisible(), false);
    await page.click('details.menu summary');
    assert.equal(await page.locator('.menu-panel').isVisible(), true);
    const sections = await page.$$eval('.menu-panel nav.menu-sections a', (as) => as.map((a) => a.getAttribute('href')));
    assert.deepEqual(sections, ['/', '/consultations', '/ideas', '/workshops', '/open-data']);
    assert.equal(await page.locator('.menu-panel nav.langs a').count(), 2);
    await page.screenshot({ path: shot(`nav-menu-${lang}-phone`) });
    await context.close();
  });

  test(`on a desktop in ${lang}, every page names its section`, async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: lang === 'ar' ? 'ar-MA' : 'fr-MA' });
    const page = await context.newPage();
    await page.goto(url('rabat.localhost', '/consultations'));
    assert.equal(await page.locator('.menu').isVisible(), false);
    assert.equal(await page.getAttribute('nav.primary a[aria-current="page"]', 'href'), '/consultations');
    // Rabat's consultations: the open ones first.
    const states = await page.$$eval('.cons-home-card .cons-state', (b) => b.map((x) => x.className));
    assert.ok(states.length >= 2, `${states.length} consultations listed`);
    assert.match(states[0], /open/);
    await page.screenshot({ path: shot(`nav-consultations-${lang}`), fullPage: true });
    await context.close();
  });
}

test('the primary sections all open, for a visitor of a commune and of the national space', async () => {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  await openEach(context, 'kenitra.localhost', 'nav.primary');
  await openEach(context, 'localhost', 'nav.primary');
  await context.close();
});

test('each role sees the back-office sections it may open, and no other', async () => {
  for (const [host, email, want] of [
    ['kenitra.localhost', 'editrice@kenitra.ma', ['/admin', '/admin/plan', '/admin/consultations', '/admin/ideas', '/admin/workshops']],
    ['kenitra.localhost', 'moderation@kenitra.ma', ['/admin', '/admin/moderation']],
    ['localhost', 'gestion@infitah.ma', ['/manage', '/manage/gap', '/manage/participation', '/admin/catalogues']],
  ]) {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'fr-MA' });
    const page = await signIn(context, host, email);
    const seen = await page.$$eval('nav.staff-nav a', (as) => as.map((a) => a.getAttribute('href')));
    assert.deepEqual(seen, want, email);
    await openEach(context, host, 'nav.staff-nav');
    if (email.startsWith('editrice')) await page.screenshot({ path: shot('nav-staff-fr') });
    await context.close();
  }
  // A citizen, or a visitor, sees no back-office at all.
  const anon = await browser.newPage();
  await anon.goto(url('kenitra.localhost', '/'));
  assert.equal(await anon.locator('nav.staff-nav').count(), 0);
  await anon.close();
});

test('the national root has one name, on a commune and on the national pages', async () => {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 }, locale: 'ar-MA' });
  await page.goto(url('kenitra.localhost', '/'));
  const fromCommune = (await page.textContent('nav.chain li:first-child a')).trim();
  await page.goto(url('localhost', '/regions/region-rabat-sale-kenitra'));
  const fromNation = (await page.textContent('nav.nat-crumbs li:first-child a')).trim();
  assert.equal(fromCommune, 'المغرب');
  assert.equal(fromNation, fromCommune);
  await page.close();
});
