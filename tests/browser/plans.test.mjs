// An editor of Kénitra sets an activity to 40 % with a note; the public page
// shows the project's new progress and the history entry, in Arabic and French.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, url, shot } from './browser.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

test('Kénitra\'s card, whole, in Arabic and French', async () => {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  await page.goto(url('kenitra.localhost'));
  await page.click('.project-cards a');
  const body = await page.textContent('main');
  for (const text of ['احداث هيئات استشارية', 'الإشكالية المطروحة', 'المشاركة المواطنة', 'خلق مجلس محلي للطفل', 'الميزانية الجماعية', '///',
    'ما هي النتيجة المنتظرة؟', 'جعل المواطن شريكا في تحديد الاحتياجات وإيجاد الحلول', 'عدد طلبات الترشيحات المقدمة', 'خلق محلس محلي للشباب', 'أكتوبر 2024', 'دجنبر 2024']) {
    assert.ok(body.includes(text), `missing: ${text}`);
  }
  await page.screenshot({ path: shot('kenitra-card-ar'), fullPage: true });
  await page.goto(url('kenitra.localhost', `/lang/fr?next=${encodeURIComponent(new URL(page.url()).pathname)}`));
  assert.ok((await page.textContent('main')).includes('Octobre 2024'));
  await page.screenshot({ path: shot('kenitra-card-fr'), fullPage: true });
  await page.close();
});

test('an editor sets progress and the public page shows it', async () => {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  await page.goto(url('kenitra.localhost', '/sign-in?next=/admin/plan'));
  await page.fill('#email', 'editrice@kenitra.ma');
  await page.fill('#password', 'une phrase assez longue pour Kénitra');
  await page.click('form.form button[type=submit]');
  assert.match(new URL(page.url()).pathname, /\/admin\/plan$/);
  await page.click('text=احداث هيئات استشارية');
  const projectPath = new URL(page.url()).pathname.replace('/admin/plan', '');
  const form = page.locator('form.progress-form').first();
  await form.locator('input[name=completion]').fill('40');
  await form.locator('input[name=note]').fill('تم تنصيب المجلس المحلي للشباب في دورته الأولى');
  await form.locator('input[name=evidence_url]').fill('https://kenitra.ma/actualites/conseil-des-jeunes');
  await page.screenshot({ path: shot('editor-progress-ar'), fullPage: true });
  await form.locator('button[type=submit]').click();

  const pub = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  await pub.goto(url('kenitra.localhost', projectPath));
  const text = await pub.textContent('main');
  assert.ok(text.includes('13 %'), 'the project progress (40 % on one of three equal activities)');
  assert.ok(text.includes('0 % → 40 %') && text.includes('تم تنصيب المجلس المحلي للشباب'), 'the history entry');
  await pub.screenshot({ path: shot('kenitra-after-progress-ar'), fullPage: true });
  await pub.goto(url('kenitra.localhost', `/lang/fr?next=${encodeURIComponent(projectPath)}`));
  assert.ok((await pub.textContent('main')).includes('Historique de l'));
  await pub.screenshot({ path: shot('kenitra-after-progress-fr'), fullPage: true });
  await context.close();
});
