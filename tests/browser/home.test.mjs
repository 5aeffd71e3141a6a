// The collectivity's home and the national space, as a visitor sees them.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, url, shot } from './browser.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

test('Kénitra opens in Arabic, right to left', async () => {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  const response = await page.goto(url('kenitra.localhost'));
  assert.equal(response.status(), 200);
  assert.match(await page.getAttribute('html', 'lang'), /^ar/);
  assert.equal(await page.getAttribute('html', 'dir'), 'rtl');
  assert.equal(await page.evaluate(() => getComputedStyle(document.body).direction), 'rtl');
  assert.equal((await page.textContent('h1')).trim(), 'القنيطرة');
  // The header carries Kénitra's own colour.
  const bg = await page.evaluate(() => getComputedStyle(document.querySelector('.site-header')).backgroundColor);
  assert.equal(bg, 'rgb(11, 110, 79)');
  // Right to left for real: the name sits at the right edge of the header.
  const box = await page.locator('.identity').boundingBox();
  assert.ok(box.x + box.width > 1280 / 2, `identity block is on the left: ${JSON.stringify(box)}`);
  await page.screenshot({ path: shot('kenitra-ar'), fullPage: true });
  await page.close();
});

test('the language switch turns the page to French, and it sticks', async () => {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  await page.goto(url('kenitra.localhost'));
  await page.click('nav.langs a[lang="fr"]');
  assert.equal(await page.getAttribute('html', 'dir'), 'ltr');
  assert.equal((await page.textContent('h1')).trim(), 'Kénitra');
  await page.goto(url('kenitra.localhost'));
  assert.equal((await page.textContent('h1')).trim(), 'Kénitra');
  await page.screenshot({ path: shot('kenitra-fr'), fullPage: true });
  await context.close();
});

test('on a phone, nothing overflows', async () => {
  const page = await browser.newPage({ viewport: { width: 375, height: 812 }, isMobile: true, deviceScaleFactor: 2 });
  await page.goto(url('kenitra.localhost'));
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  assert.ok(overflow <= 0, `page is ${overflow}px wider than the phone`);
  await page.screenshot({ path: shot('kenitra-ar-phone'), fullPage: true });
  await page.close();
});

test('the national space lists the regions and leads to Kénitra', async () => {
  // A Moroccan visitor's browser asks for Arabic first.
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 }, locale: 'ar-MA' });
  await page.goto(url('localhost'));
  assert.equal(await page.locator('.cards .card').count(), 12);
  await page.screenshot({ path: shot('national-ar'), fullPage: true });
  await page.click('a[href="/regions/region-rabat-sale-kenitra"]');
  await page.screenshot({ path: shot('region-rsk-ar'), fullPage: false });
  await page.click('.commune-list a:text-is("القنيطرة")');
  assert.equal(new URL(page.url()).hostname, 'kenitra.localhost');
  assert.equal((await page.textContent('h1')).trim(), 'القنيطرة');
  await page.close();
});

test('another commune wears its own colours', async () => {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  await page.goto(url('marrakech.localhost'));
  const bg = await page.evaluate(() => getComputedStyle(document.querySelector('.site-header')).backgroundColor);
  assert.equal(bg, 'rgb(164, 69, 44)');
  await page.screenshot({ path: shot('marrakech-ar'), fullPage: true });
  await page.close();
});
