// A consultation, as people live it: an editor opens one on the draft
// programme; a citizen signs up, verifies her address and comments in Arabic
// with a profile and an age bracket, and sees the count change with the right
// plural form; an editor answers in the commune's name and the answer reaches
// her mailbox in the mail catcher; a moderator hides the comment, which leaves
// the public page with the reason's category. Screenshots in Arabic (right to
// left), on a desktop and on a phone.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { launch, url, shot, mailTo } from './browser.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

const PASSWORD = 'une phrase assez longue pour Kénitra';
const HOST = 'kenitra.localhost';
const BIN = new URL('../../target/debug/infitah', import.meta.url).pathname;

async function signIn(context, email) {
  const page = await context.newPage();
  await page.goto(url(HOST, '/sign-in'));
  await page.fill('#email', email);
  await page.fill('#password', PASSWORD);
  await page.click('form.form button[type=submit]');
  return page;
}

/** Waits for a message to `to` whose subject matches `subject`. */
async function mailMatching(to, subject, timeoutMs = 30000) {
  const port = process.env.INFITAH_MAIL_PORT || '11080';
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const all = await (await fetch(`http://127.0.0.1:${port}/email`)).json();
    const found = all.filter((m) => m.to.some((t) => t.address === to) && subject.test(m.subject));
    if (found.length) return found;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`no mail to ${to} matching ${subject} within ${timeoutMs} ms`);
}

const day = (offset) => new Date(Date.now() + offset * 86400000).toISOString().slice(0, 10);

test('a citizen comments in Arabic, the answer reaches her mailbox, a moderator hides it', async () => {
  // An editor opens a digital consultation on the draft programme.
  const editorCtx = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const editor = await signIn(editorCtx, 'editrice@kenitra.ma');
  await editor.goto(url(HOST, '/admin/consultations'));
  await editor.fill('#title_ar', 'تشاور رقمي حول مشروع برنامج عمل الانفتاح');
  await editor.fill('#title_fr', "Consultation numérique sur le projet de programme d'action d'ouverture");
  await editor.fill('#description_ar', 'شاركونا آراءكم حول مشروع البرنامج قبل عرضه على المجلس.');
  await editor.fill('#opens_at', `${day(-1)}T00:00`);
  await editor.fill('#closes_at', `${day(30)}T23:59`);
  await editor.screenshot({ path: shot('consultation-admin-ar'), fullPage: true });
  await editor.click('form.form button[type=submit]');
  const consultation = new URL(editor.url()).pathname.split('/').pop();
  assert.match(consultation, /^[0-9a-f-]{36}$/, editor.url());
  const consPath = `/consultations/${consultation}`;

  // A citizen signs up, verifies through the mail catcher, signs in.
  const citizenCtx = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await citizenCtx.newPage();
  const email = `amina-${Date.now()}@example.ma`;
  await page.goto(url(HOST, '/lang/ar?next=/sign-up'));
  await page.fill('#email', email);
  await page.fill('#display_name', 'أمينة من حي الخبازات');
  await page.fill('#password', PASSWORD);
  await page.selectOption('#lang', 'ar');
  await page.check('#terms');
  await page.click('form.form button[type=submit]');
  const verify = await mailTo(email);
  await page.goto(verify.text.match(/https?:\/\/\S+\/verify\?token=[\w-]+/)[0]);
  await page.goto(url(HOST, '/sign-in'));
  await page.fill('#email', email);
  await page.fill('#password', PASSWORD);
  await page.click('form.form button[type=submit]');

  // The home page leads to the consultation; nobody has commented yet.
  await page.goto(url(HOST, '/'));
  assert.ok((await page.textContent('.cons-home')).includes('لا تعليقات'));
  await page.click(`.cons-home a[href="${consPath}"] >> nth=0`);
  assert.equal(new URL(page.url()).pathname, consPath);
  assert.equal(await page.getAttribute('html', 'dir'), 'rtl');
  assert.equal((await page.textContent('.cons-count-value')).trim(), 'صفر');

  // Profile and age bracket are required: the server says so in Arabic (not
  // the browser's bubble in the browser's language), above the form with a
  // link to each field, and keeps the text.
  const body = 'أقترح تنظيم لقاءات تواصلية في الأحياء يوم السبت حتى يتمكن العمال من المشاركة.';
  await page.fill(`#body-${consultation}`, body);
  await page.click(`#consultation-${consultation}-form button[type=submit]`);
  assert.equal(await page.locator('.cons-comment').count(), 0, 'not posted without a profile');
  const summary = page.locator(`#consultation-${consultation}-form .error-box`);
  assert.equal(await summary.locator(`a[href="#profile-${consultation}"]`).count(), 1, 'the summary links to the profile');
  assert.equal(await summary.locator(`a[href="#age_bracket-${consultation}"]`).count(), 1, 'and to the age bracket');
  assert.match(await summary.textContent(), /[\u0600-\u06FF]/, 'in Arabic');
  assert.equal(await page.inputValue(`#body-${consultation}`), body, 'the text is kept');
  await page.screenshot({ path: shot('consultation-form-errors-ar'), fullPage: true });
  await page.selectOption(`#profile-${consultation}`, 'association');
  await page.selectOption(`#age_bracket-${consultation}`, '25_34');
  await page.screenshot({ path: shot('consultation-form-ar'), fullPage: true });
  await page.click(`#consultation-${consultation}-form button[type=submit]`);
  const comment = new URL(page.url()).hash.replace('#comment-', '');
  assert.match(comment, /^[0-9a-f-]{36}$/, page.url());
  assert.equal((await page.textContent('.cons-count-value')).trim(), 'تعليق واحد');
  const item = page.locator(`#comment-${comment}`);
  assert.ok((await item.textContent()).includes('جمعية من المجتمع المدني'), 'the profile, translated');
  assert.ok((await item.textContent()).includes('من 25 إلى 34 سنة'), 'the age bracket, translated');
  await page.screenshot({ path: shot('consultation-comment-ar'), fullPage: true });
  await page.goto(url(HOST, '/'));
  assert.ok((await page.textContent('.cons-home')).includes('تعليق واحد'));

  // On a phone, the page reads right to left and nothing overflows.
  const phone = await browser.newPage({ viewport: { width: 375, height: 812 }, isMobile: true, deviceScaleFactor: 2 });
  await phone.goto(url(HOST, consPath));
  const overflow = await phone.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  assert.ok(overflow <= 0, `page is ${overflow}px wider than the phone`);
  await phone.screenshot({ path: shot('consultation-comment-ar-phone'), fullPage: true });

  // The editor answers in the commune's name; the answer reaches the author's mailbox.
  const answer = 'شكرا على اقتراحكم. ستُبرمج لقاءات تواصلية يوم السبت في كل مقاطعة ابتداء من الشهر المقبل.';
  await editor.goto(url(HOST, consPath));
  const staffItem = editor.locator(`#comment-${comment}`);
  await staffItem.locator('details.cons-staff summary').last().click();
  await staffItem.locator(`#answer-${comment}`).fill(answer);
  await staffItem.locator(`form[action="/admin/comments/${comment}/answer"] button`).click();
  assert.ok((await editor.locator(`#comment-${comment} .cons-answer`).textContent()).includes(answer));
  const [mail] = await mailMatching(email, /رد رسمي/);
  assert.ok(mail.text.includes(answer), 'the mail quotes the answer');
  await page.goto(url(HOST, consPath));
  await page.screenshot({ path: shot('consultation-answer-ar'), fullPage: true });

  // A moderator hides the comment; the public sees that it was hidden, and why.
  execFileSync(BIN, ['user', 'add', '--tenant', 'kenitra', '--email', 'moderatrice@kenitra.ma', '--role', 'moderator',
    '--name', 'مشرفة الموقع', '--password-stdin'], { input: `${PASSWORD}\n`, stdio: ['pipe', 'ignore', 'inherit'] });
  const modCtx = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const moderator = await signIn(modCtx, 'moderatrice@kenitra.ma');
  await moderator.goto(url(HOST, consPath));
  const modItem = moderator.locator(`#comment-${comment}`);
  await modItem.locator('details.cons-staff summary').first().click();
  await modItem.locator(`#reason-${comment}`).selectOption('abuse');
  await modItem.locator(`#hide-note-${comment}`).fill('تعليق مكرر في عدة صفحات');
  await moderator.screenshot({ path: shot('consultation-moderate-ar'), fullPage: true });
  await modItem.locator(`form[action="/admin/comments/${comment}/hide"] button`).click();
  const anon = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  await anon.goto(url(HOST, consPath));
  const text = await anon.textContent('main');
  assert.ok(text.includes('أخفاه الإشراف — السبب: إساءة أو تحريض'), 'the hidden notice with its category');
  assert.ok(!text.includes('أقترح تنظيم لقاءات تواصلية'), 'the text is gone');
  assert.equal((await anon.textContent('.cons-count-value')).trim(), 'صفر');
  await anon.screenshot({ path: shot('consultation-hidden-ar'), fullPage: true });
  await moderator.goto(url(HOST, '/admin/moderation'));
  assert.ok((await moderator.textContent('main')).includes('تعليق مكرر في عدة صفحات'), 'the decision is on record');
  await moderator.screenshot({ path: shot('consultation-moderation-ar'), fullPage: true });

  // The same page in French.
  await anon.goto(url(HOST, `/lang/fr?next=${encodeURIComponent(consPath)}`));
  assert.ok((await anon.textContent('main')).includes('Masqué par la modération — motif\u00a0: Propos injurieux ou haineux'));
  await anon.screenshot({ path: shot('consultation-hidden-fr'), fullPage: true });
  await Promise.all([editorCtx.close(), citizenCtx.close(), modCtx.close(), phone.close(), anon.close()]);
});
