// The national space at the country's real scale: a national manager drills
// down from the nation to Rabat-Salé-Kénitra, to the province of Kénitra, to
// the commune of Kénitra and its project card, and back up by the
// breadcrumbs; in Arabic and French, on a desktop and on a phone.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { launch, url, shot } from './browser.mjs';

const root = fileURLToPath(new URL('../..', import.meta.url));
const bin = `${root}/target/debug/infitah`;
const password = 'une phrase assez longue pour la nation';

let browser;
before(async () => {
  // Every other collectivity of the country gets its deterministic programme
  // (the seven demo communes keep theirs), and a national manager is created.
  // The server runs with the same INFITAH_* settings, exported by run.sh.
  execFileSync(bin, ['demo', '--national-scale'], { stdio: 'pipe' });
  try {
    execFileSync(bin, ['user', 'add', '--tenant', 'national', '--email', 'gestion@maroc.ma', '--role', 'national_manager',
      '--name', 'مسيرة وطنية', '--password-stdin'], { input: `${password}\n`, stdio: 'pipe' });
  } catch (e) {
    // Already there from an earlier run on the same database: signing in says whether it is usable.
    console.log(`user add: ${String(e.stderr).trim()}`);
  }
  browser = await launch();
});
after(async () => { await browser?.close(); });

async function signIn(context) {
  const page = await context.newPage();
  await page.goto(url('localhost', '/sign-in?next=/'));
  await page.fill('#email', 'gestion@maroc.ma');
  await page.fill('#password', password);
  await page.click('form.form button[type=submit]');
  assert.equal(new URL(page.url()).pathname, '/');
  return page;
}

async function noOverflow(page, what) {
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  assert.ok(overflow <= 0, `${what} is ${overflow}px wider than the screen`);
}

const crumbs = async (page) => (await page.locator('nav.nat-crumbs li').allTextContents()).map((t) => t.trim());

for (const [lang, locale] of [['ar', 'ar-MA'], ['fr', 'fr-FR']]) {
  test(`a national manager drills from the nation to Kénitra's card and back (${lang})`, async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale });
    const page = await signIn(context);
    await page.goto(url('localhost', `/lang/${lang}?next=/`));
    assert.equal(await page.getAttribute('html', 'dir'), lang === 'ar' ? 'rtl' : 'ltr');
    // The nation: every region, and the rule for medians stated.
    assert.equal(await page.locator('.nat-region-cards .card').count(), 12);
    assert.ok((await page.textContent('.site-header')).includes('مسيرة وطنية'), 'signed in');
    const compare = page.locator('#compare tbody tr');
    assert.equal(await compare.count(), 12);
    assert.ok(await page.locator('#compare svg.nat-box').count() >= 12, 'a spread for every region');
    assert.ok(await page.locator('svg.nat-line polyline').count() >= 2, 'the month-by-month lines');
    await page.screenshot({ path: shot(`national-nation-${lang}`), fullPage: true });

    // Sorted on the server, by median, highest first.
    await page.click('#compare thead a[href*="sort=median"]');
    assert.match(page.url(), /sort=median&dir=desc/);
    const medians = await page.locator('#compare tbody tr td:nth-child(2)').allTextContents();
    const values = medians.map((m) => parseFloat(m.replace(',', '.')));
    assert.deepEqual([...values].sort((a, b) => b - a), values, 'regions sorted by median');

    // The region.
    await page.click('#compare a[href="/regions/region-rabat-sale-kenitra"]');
    assert.equal((await page.textContent('h1')).trim(), lang === 'ar' ? 'الرباط-سلا-القنيطرة' : 'Rabat-Salé-Kénitra');
    assert.equal((await crumbs(page)).length, 2);
    await page.screenshot({ path: shot(`national-region-rsk-${lang}`), fullPage: true });

    // The province.
    await page.click('#compare a[href="/provinces/province-kenitra"]');
    assert.equal((await page.textContent('h1')).trim(), lang === 'ar' ? 'القنيطرة' : 'Kénitra');
    assert.equal((await crumbs(page)).length, 3);
    assert.ok(await page.locator('svg.nat-strip circle').count() > 10, 'a dot for every collectivity');
    await page.screenshot({ path: shot(`national-province-kenitra-${lang}`), fullPage: true });

    // The commune: where it stands in its province, its region and the nation.
    await page.click('#members a[href="/collectivities/kenitra"]');
    assert.equal((await page.textContent('h1')).trim(), lang === 'ar' ? 'القنيطرة' : 'Kénitra');
    assert.equal((await crumbs(page)).length, 4);
    assert.equal(await page.locator('.nat-standing tbody tr').count(), 3);
    assert.ok((await page.textContent('main')).includes('04.281.01.01'));
    await page.screenshot({ path: shot(`national-commune-kenitra-${lang}`), fullPage: true });

    // Its project card, on the commune's own site.
    await page.click('table.nat-table a:has-text("احداث هيئات استشارية"), table.nat-table a:has-text("Création d\'instances consultatives")');
    assert.equal(new URL(page.url()).hostname, 'kenitra.localhost');
    assert.match(new URL(page.url()).pathname, /^\/projects\//);
    assert.ok((await page.textContent('h1')).includes(lang === 'ar' ? 'احداث هيئات استشارية' : 'Création d\'instances consultatives'));
    await page.screenshot({ path: shot(`national-kenitra-card-${lang}`), fullPage: false });

    // And back up, by the breadcrumbs.
    await page.goBack();
    await page.click('nav.nat-crumbs a[href="/provinces/province-kenitra"]');
    assert.equal((await crumbs(page)).length, 3);
    await page.click('nav.nat-crumbs a[href="/regions/region-rabat-sale-kenitra"]');
    assert.equal((await crumbs(page)).length, 2);
    await page.click('nav.nat-crumbs a[href="/"]');
    assert.equal(new URL(page.url()).pathname, '/');

    // The managers' working list.
    await page.goto(url('localhost', '/manage/stale'));
    assert.ok(await page.locator('#stale tbody tr').count() > 10, 'stale programmes listed');
    await page.screenshot({ path: shot(`national-manage-stale-${lang}`), fullPage: false });

    // The two comparative reports, reached from the managers' home.
    await page.goto(url('localhost', '/manage'));
    await page.click('main a[href="/manage/gap"]');
    // Fifty a page, in pages the pager leads through (over a hundred in all).
    assert.equal(await page.locator('#gap tbody tr').count(), 50, 'a page of the evaluated collectivities');
    const first = await page.textContent('#gap tbody tr:first-child th');
    await page.click('#gap nav.pager a[rel="next"]');
    assert.match(new URL(page.url()).search, /page=2/);
    assert.equal(await page.locator('#gap tbody tr').count(), 50, 'the second page');
    assert.notEqual(await page.textContent('#gap tbody tr:first-child th'), first, 'other collectivities');
    await page.click('#gap nav.pager a[rel="prev"]');
    assert.ok(await page.locator('#regions tbody tr').count() === 12, 'every region compared');
    await page.screenshot({ path: shot(`national-manage-gap-${lang}`), fullPage: false });
    await page.goto(url('localhost', '/manage'));
    await page.click('main a[href="/manage/participation"]');
    assert.equal(await page.locator('.stats-chart').count(), 2, 'by profile and by age bracket');
    await page.click('#areas a[href="/manage/participation?area=region-rabat-sale-kenitra"]');
    assert.ok((await page.textContent('h1')).includes(lang === 'ar' ? 'الرباط' : 'Rabat'));
    await page.screenshot({ path: shot(`national-manage-participation-rsk-${lang}`), fullPage: true });
    await context.close();
  });

  test(`the national pages fit a phone (${lang})`, async () => {
    const context = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, deviceScaleFactor: 2, locale });
    const page = await context.newPage();
    await page.goto(url('localhost', `/lang/${lang}?next=/`));
    for (const [path, name] of [['/', 'nation'], ['/regions/region-rabat-sale-kenitra', 'region-rsk'],
      ['/provinces/province-kenitra', 'province-kenitra'], ['/collectivities/kenitra', 'commune-kenitra']]) {
      await page.goto(url('localhost', path));
      await noOverflow(page, path);
      await page.screenshot({ path: shot(`national-${name}-${lang}-phone`), fullPage: false });
    }
    await context.close();
  });
}
