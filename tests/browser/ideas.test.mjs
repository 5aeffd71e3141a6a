// Ideas, workshops and participation statistics. A person proposes an idea
// in Arabic on a phone: the form names what is missing, then the idea is
// published. Rabat's workshops (from the demo) and its consultation's public
// statistics, where no count below 5 is shown, on a phone and a desktop, in
// Arabic and French. Screenshots saved.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, url, shot } from './browser.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

const sizes = [['phone', 390, 844], ['desktop', 1280, 900]];

test('an idea in Arabic: what is missing is named beside its field, then it is published', async () => {
  const context = await browser.newContext({ viewport: { width: 390, height: 844 } });
  const page = await context.newPage();
  await page.goto(url('kenitra.localhost', '/sign-in?next=/ideas/new'));
  await page.fill('#email', 'editrice@kenitra.ma');
  await page.fill('#password', 'une phrase assez longue pour Kénitra');
  await page.click('form.form button[type=submit]');
  assert.match(new URL(page.url()).pathname, /\/ideas\/new$/);
  await page.fill('#title', 'مكتبة رقمية في دار الشباب');
  await page.click('form.form button[type=submit]');
  const errors = await page.textContent('main');
  for (const named of ['المحور: اختاروا محورًا', 'الصفة: هذا الحقل إجباري', 'الفئة العمرية: هذا الحقل إجباري']) {
    assert.ok(errors.includes(named), `missing: ${named}`);
  }
  assert.equal(await page.inputValue('#title'), 'مكتبة رقمية في دار الشباب', 'what was typed is kept');
  await page.screenshot({ path: shot('idea-form-errors-ar-phone'), fullPage: true });
  await page.selectOption('#axis', 'digitalisation');
  await page.fill('#body', 'حواسيب وربط بالإنترنت في دار الشباب، مع حصص للتكوين في الخدمات الرقمية للجماعة.');
  await page.selectOption('#profile', 'citizen');
  await page.selectOption('#age_bracket', '25_34');
  await page.click('form.form button[type=submit]');
  assert.match(new URL(page.url()).pathname, /^\/ideas\/[0-9a-f-]{36}$/);
  const body = await page.textContent('main');
  assert.ok(body.includes('مكتبة رقمية في دار الشباب') && body.includes('الرقمنة'));
  await page.screenshot({ path: shot('idea-ar-phone'), fullPage: true });
  await context.close();
});

test("Rabat's ideas, workshops and public participation statistics", async () => {
  for (const [size, width, height] of sizes) {
    for (const lang of ['ar', 'fr']) {
      const context = await browser.newContext({ viewport: { width, height } });
      const page = await context.newPage();
      await page.goto(url('rabat.localhost', `/lang/${lang}?next=/ideas`));
      assert.ok((await page.locator('.idea-card').count()) >= 6, 'the demo ideas');
      await page.screenshot({ path: shot(`rabat-ideas-${lang}-${size}`), fullPage: true });
      await page.goto(url('rabat.localhost', '/workshops'));
      await page.screenshot({ path: shot(`rabat-workshops-${lang}-${size}`), fullPage: true });
      // The consultative workshop (the newest) and its consultation's statistics.
      await page.click('.workshop-card h3 a');
      await page.screenshot({ path: shot(`rabat-workshop-${lang}-${size}`), fullPage: true });
      await page.click('a[href$="/stats"]');
      const exact = await page.$$eval('td.exact', (cells) => cells.map((c) => Number(c.textContent.replace(/\D/g, ''))));
      assert.ok(exact.every((n) => n >= 5), `a public count below 5: ${exact}`);
      const small = await page.locator('td.small').count();
      assert.ok(small > 0, 'the demo has small counts, shown as such');
      assert.ok((await page.textContent('main')).includes(lang === 'ar' ? 'أقل من 5' : '<5'));
      await page.screenshot({ path: shot(`rabat-stats-${lang}-${size}`), fullPage: true });
      await context.close();
    }
  }
});
