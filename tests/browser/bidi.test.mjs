// Right-to-left done right (#14 §4): the years of a programme's title keep
// their order inside Arabic text. Digits after Arabic letters take the
// Arabic direction, so an unisolated «… 2024-2026» is drawn "2026-2024";
// the pages isolate every number run of a stored text in <bdi>. Measured on
// the rendered page: the left edge of "2024" lies left of "2026".
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, url, shot } from './browser.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

/** The x of the first character of `needle` inside the first `selector`. */
async function positions(page, selector, needles) {
  return page.$eval(selector, (el, words) => {
    const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
    const found = {};
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      for (const w of words) {
        const i = n.data.indexOf(w);
        if (i >= 0 && !(w in found)) {
          const r = document.createRange();
          r.setStart(n, i);
          r.setEnd(n, i + w.length);
          found[w] = r.getBoundingClientRect().left;
        }
      }
    }
    return found;
  }, needles);
}

// Kénitra's own programme, and a commune of the national-scale demo.
for (const host of ['kenitra.localhost', 'oujda.localhost']) {
  test(`on ${host} in Arabic the programme's years read 2024-2026, in order`, async () => {
    const context = await browser.newContext({ locale: 'ar-MA', viewport: { width: 360, height: 740 } });
    const page = await context.newPage();
    const r = await page.goto(url(host, '/'));
    assert.equal(r.status(), 200);
    const title = await page.$eval('.programme-title', (el) => el.textContent.trim());
    assert.match(title, /2024-2026/, title);
    const x = await positions(page, '.programme-title', ['2024', '2026']);
    assert.ok(x['2024'] < x['2026'], `"2024" at ${x['2024']} px, "2026" at ${x['2026']} px: drawn reversed`);
    assert.ok(await page.$('.programme-title bdi'), 'the years are isolated');
    await page.screenshot({ path: shot(`bidi-programme-title-${host.split('.')[0]}-ar-phone`) });
    await context.close();
  });
}
