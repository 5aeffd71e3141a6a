// A citizen signs up, reads the verification mail in the mail catcher,
// verifies, signs in and out — in Arabic, then in French.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, url, shot, mailTo } from './browser.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

const PASSWORD = 'une phrase assez longue pour Kénitra';

for (const lang of ['ar', 'fr']) {
  test(`sign-up, verification, sign-in and sign-out in ${lang}`, async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    const email = `citoyen-${lang}-${Date.now()}@example.ma`;
    await page.goto(url('kenitra.localhost', `/lang/${lang}?next=/sign-up`));
    assert.equal(await page.getAttribute('html', 'dir'), lang === 'ar' ? 'rtl' : 'ltr');
    await page.fill('#email', email);
    await page.fill('#display_name', lang === 'ar' ? 'مواطن من القنيطرة' : 'Citoyen de Kénitra');
    await page.fill('#password', PASSWORD);
    await page.selectOption('#lang', lang);
    await page.check('#terms');
    await page.screenshot({ path: shot(`sign-up-${lang}`), fullPage: true });
    await page.click('form.form button[type=submit]');
    assert.match(await page.textContent('h1'), lang === 'ar' ? /تفقدوا بريدكم/ : /Consultez votre messagerie/);

    const mail = await mailTo(email);
    assert.match(mail.subject, lang === 'ar' ? /القنيطرة/ : /Kénitra/);
    const link = mail.text.match(/https?:\/\/\S+\/verify\?token=[\w-]+/)[0];
    await page.goto(link);
    assert.match(await page.textContent('h1'), lang === 'ar' ? /تم تأكيد عنوانكم/ : /Adresse confirmée/);
    await page.screenshot({ path: shot(`verified-${lang}`), fullPage: true });

    await page.goto(url('kenitra.localhost', '/sign-in'));
    await page.fill('#email', email);
    await page.fill('#password', PASSWORD);
    await page.click('form.form button[type=submit]');
    await page.goto(url('kenitra.localhost', '/account'));
    assert.equal(await page.textContent('.user-name'), lang === 'ar' ? 'مواطن من القنيطرة' : 'Citoyen de Kénitra');
    await page.screenshot({ path: shot(`account-${lang}`), fullPage: true });
    await page.click('nav.user button');
    assert.ok(await page.isVisible('nav.user a[href="/sign-in"]'), 'signed out');
    await context.close();
  });
}
