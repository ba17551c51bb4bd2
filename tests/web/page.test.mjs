// The public page in headless Chromium with the real wasm core and real files written at test time: every medium,
// several files at once, text, clipboard, URLs on a second local origin (with and without CORS), corrupt, hostile,
// unsupported and huge files, progress and cancel, language switch, keyboard use, the JSON report, axe-core, and
// the proof that nothing goes over the network after the page has loaded except the URL the user asked for.
// Screenshots of every state at phone and desktop sizes go to build/screenshots/.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';

import { repoRoot } from '../../scripts/lib/wasm-node.mjs';
import { STRINGS } from '../../web/i18n.js';
import { launchBrowser, serveDir } from '../support/browser.mjs';
import { writeMediaSet } from '../support/make-media.mjs';
import {
  DESKTOP, assertAccessible, assertNoPageErrors, dropFiles, openPage, resultNames, resultOf, shoot, verdictOf,
} from '../support/page-helpers.mjs';
import { startUrlServer } from '../support/url-server.mjs';

const shared = path.resolve(repoRoot, '../shared/fixtures');
const doubao = path.join(shared, 'vendors/doubao_black.png');
const hostileDir = path.join(shared, 'hostile');
const zh = STRINGS['zh-CN'];
const en = STRINGS.en;

let browser;
let server;
let urls;
let tmp;
let media;

before(async () => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'dsmark-page-'));
  media = writeMediaSet(path.join(tmp, 'media'));
  server = await serveDir();
  urls = await startUrlServer([media['label1.png'], media['plain.jpg']]);
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await server?.close();
  await urls?.close();
  fs.rmSync(tmp, { recursive: true, force: true });
});

const open = (options) => openPage(browser.context, server.url, options);

test('the empty page, in 简体中文 by default, is accessible', async () => {
  const page = await open();
  assert.equal(await page.getAttribute('html', 'lang'), 'zh-CN');
  assert.equal(await page.textContent('h1'), zh['page.title']);
  assert.equal((await page.textContent('#lang')).trim(), 'English');
  await assertAccessible(page, 'empty page');
  await shoot(page, 'empty-zh');
  assertNoPageErrors(page);
  await page.close();
});

test('every medium at once: images, audio, video, a document and a text file, each with its verdict and preview', async (t) => {
  const page = await open();
  const files = ['label1.png', 'label2.jpg', 'label3.jpg', 'plain.webp', 'plain.gif', 'tone.wav', 'tone.mp3', 'tone.opus',
    'clip.mp4', 'clip.webm', 'doc.pdf', 'note.txt'].map((n) => media[n]);
  if (fs.existsSync(doubao)) files.push(doubao);
  else t.diagnostic(`${doubao} is absent: the Doubao file is not dropped`);
  await dropFiles(page, files);
  const expected = {
    'label1.png': 'ai', 'label2.jpg': 'possibly-ai', 'label3.jpg': 'suspected-ai', 'plain.webp': 'none', 'plain.gif': 'none',
    'tone.wav': 'none', 'tone.mp3': 'none', 'tone.opus': 'none', 'clip.mp4': 'none', 'clip.webm': 'none', 'doc.pdf': 'none',
    'note.txt': 'none', 'doubao_black.png': 'ai',
  };
  for (const f of files) {
    const name = path.basename(f);
    assert.equal(await verdictOf(page, name), expected[name], name);
  }
  assert.deepEqual(await resultNames(page), files.map((f) => path.basename(f)), 'results keep the order of the drop');

  // Plain words, colour and icon per verdict; the standard named; previews and players.
  const ai = resultOf(page, 'label1.png');
  assert.match(await ai.innerText(), new RegExp(zh['verdict.ai']));
  assert.match(await ai.innerText(), /GB 45438/);
  assert.match(await ai.innerText(), /001191110102MACQD9K64010000/);
  assert.equal(await ai.locator('.dsm-mark').getAttribute('data-scheme'), 'gb45438');
  assert.equal(await ai.locator('img').count(), 1);
  assert.match(await resultOf(page, 'label2.jpg').innerText(), new RegExp(zh['verdict.possibly-ai']));
  assert.match(await resultOf(page, 'label3.jpg').innerText(), new RegExp(zh['verdict.suspected-ai']));
  for (const n of ['tone.wav', 'tone.mp3', 'tone.opus']) assert.equal(await resultOf(page, n).locator('audio[controls]').count(), 1, n);
  for (const n of ['clip.mp4', 'clip.webm']) assert.equal(await resultOf(page, n).locator('video[controls]').count(), 1, n);
  const none = resultOf(page, 'plain.webp');
  assert.match(await none.innerText(), new RegExp(zh['verdict.none']));
  assert.match(await none.locator('.dsm-explain summary').innerText(), new RegExp(zh['about.none.title']));
  const colour = (n) => resultOf(page, n).locator('.dsm-verdict-title').evaluate((e) => getComputedStyle(e).color);
  assert.notEqual(await colour('label1.png'), await colour('plain.webp'));
  assert.notEqual(await colour('label1.png'), await colour('label2.jpg'));

  // Evidence is folded away until asked for.
  const evidence = ai.locator('.dsm-evidence');
  assert.equal(await evidence.getAttribute('open'), null);
  await evidence.locator('summary').click();
  assert.match(await evidence.innerText(), /png:iTXt:XML:com\.adobe\.xmp\/TC260:AIGC/);
  await none.locator('.dsm-explain summary').click();
  await assertAccessible(page, 'results of every medium');
  await shoot(page, 'media-all-zh');
  assertNoPageErrors(page);
  await page.close();
});

test('the report downloads as JSON, exactly as the core wrote it', async () => {
  const page = await open();
  await dropFiles(page, [media['label2.jpg']]);
  assert.equal(await verdictOf(page, 'label2.jpg'), 'possibly-ai');
  const [download] = await Promise.all([page.waitForEvent('download'), resultOf(page, 'label2.jpg').locator('.dsm-download').click()]);
  assert.equal(download.suggestedFilename(), 'label2.jpg.dsmark.json');
  const report = JSON.parse(fs.readFileSync(await download.path(), 'utf8'));
  assert.equal(report.schema, 'dsmark.report.v1');
  assert.equal(report.file, 'label2.jpg');
  assert.equal(report.verdict, 'possibly-ai');
  assert.equal(report.marks[0].fields.Label, '2');
  await page.close();
});

test('text: the paste box, and text pasted anywhere on the page', async () => {
  const page = await open();
  const hasVerifyText = await page.evaluate(() => document.documentElement.dataset.verifyText === 'yes');
  await page.click('#text-form button[type=submit]');
  assert.equal(await page.textContent('#text-msg'), zh['text.empty']);
  await page.fill('#text', '春天来了，公园里的花都开了。我们一起去散步吧。');
  await page.click('#text-form button[type=submit]');
  assert.equal(await verdictOf(page, zh['text.name']), 'none');
  const result = resultOf(page, zh['text.name']).first();
  assert.match(await result.locator('.dsm-quote').innerText(), /春天来了/);
  if (!hasVerifyText) {
    // Until the core takes text directly, the page says what it could not check.
    assert.match(await result.innerText(), new RegExp(zh['text.fallbackNote'].slice(0, 20)));
  }
  // Text pasted outside a text field goes into the box and is checked.
  await page.evaluate(() => {
    const dt = new DataTransfer();
    dt.setData('text/plain', '本文由AI生成。今天的天气很好。');
    document.body.dispatchEvent(new ClipboardEvent('paste', { clipboardData: dt, bubbles: true, cancelable: true }));
  });
  assert.equal(await page.inputValue('#text'), '本文由AI生成。今天的天气很好。');
  await page.waitForFunction(() => document.querySelectorAll('.dsm-result[data-verdict]').length === 2);
  const labelled = await page.getAttribute('.dsm-result >> nth=0', 'data-verdict');
  assert.equal(labelled, hasVerifyText ? 'ai' : 'none', 'a labelled text is found once the core reads text');
  await shoot(page, 'text-zh');
  assertNoPageErrors(page);
  await page.close();
});

test('an image pasted from the clipboard (Ctrl+V) is checked, with a word on what pasting loses', async () => {
  await browser.context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server.url.replace(/\/$/, '') });
  const page = await open();
  const b64 = fs.readFileSync(media['label1.png']).toString('base64');
  await page.evaluate(async (data) => {
    const bin = Uint8Array.from(atob(data), (c) => c.charCodeAt(0));
    await navigator.clipboard.write([new ClipboardItem({ 'image/png': new Blob([bin], { type: 'image/png' }) })]);
  }, b64);
  await page.locator('h1').click();
  await page.keyboard.press('Control+V');
  const name = `${zh['paste.imageName']}.png`;
  // Chromium re-encodes clipboard pictures, so the label in the metadata is gone: the page must say so.
  assert.equal(await verdictOf(page, name), 'none');
  assert.match(await resultOf(page, name).innerText(), new RegExp(zh['paste.reencoded'].slice(0, 15)));
  assert.equal(await resultOf(page, name).locator('img').count(), 1);
  await shoot(page, 'paste-image-zh');
  await page.close();
});

test('a URL on another local site: with CORS it is checked; without, blocked, missing or unreachable, it says why and what to do', async () => {
  const page = await open();
  const check = async (url) => {
    await page.fill('#url', url);
    await page.click('#url-form button[type=submit]');
  };
  await check(`${urls.origin}/cors/label1.png`);
  assert.equal(await verdictOf(page, 'label1.png'), 'ai');
  assert.match(await resultOf(page, 'label1.png').innerText(), new RegExp(`${urls.origin}/cors/label1.png`));

  await check(`${urls.origin}/nocors/plain.jpg`);
  assert.equal(await verdictOf(page, 'plain.jpg'), 'error');
  let text = await resultOf(page, 'plain.jpg').innerText();
  assert.match(text, new RegExp(zh['url.blocked']));
  assert.match(text, new RegExp(zh['url.suggest'].slice(0, 12)));
  await assertAccessible(page, 'URL blocked');
  await shoot(page, 'url-blocked-zh');

  await check(`${urls.origin}/missing/gone.png`);
  assert.equal(await verdictOf(page, 'gone.png'), 'error');
  assert.match(await resultOf(page, 'gone.png').innerText(), /404/);

  await check('http://127.0.0.1:9/nothing-here.png'); // the discard port: nothing listens
  assert.equal(await verdictOf(page, 'nothing-here.png'), 'error');
  text = await resultOf(page, 'nothing-here.png').innerText();
  assert.match(text, new RegExp(zh['url.network'].slice(0, 12)));
  assert.match(text, new RegExp(zh['url.suggest'].slice(0, 12)));

  // A picture dragged from another page arrives as its address: fetched the same way.
  await page.evaluate((u) => {
    const dt = new DataTransfer();
    dt.setData('text/uri-list', u);
    for (const type of ['dragenter', 'dragover', 'drop']) {
      document.querySelector('#drop').dispatchEvent(new DragEvent(type, { dataTransfer: dt, bubbles: true, cancelable: true }));
    }
  }, `${urls.origin}/cors/plain.jpg`);
  await page.waitForFunction(() => document.querySelectorAll('.dsm-result').length === 5);
  assert.equal(await verdictOf(page, 'plain.jpg'), 'none');

  await check('not a url');
  assert.equal(await page.textContent('#url-msg'), zh['url.invalid']);
  await check('ftp://example.com/x.png');
  assert.equal(await page.textContent('#url-msg'), zh['url.scheme']);
  await shoot(page, 'url-all-zh');
  await page.close();
});

test('corrupt, empty, unsupported, hostile and huge files give a friendly message; the page stays usable', async (t) => {
  const page = await open();
  const sparse = path.join(tmp, 'huge-video.mp4');
  fs.closeSync(fs.openSync(sparse, 'w'));
  fs.truncateSync(sparse, 3 * 1024 ** 3); // 3 GiB, sparse: nothing is written to disk
  await page.setInputFiles('#file', [media['corrupt.png'], media['empty.jpg'], media['random.bin'], sparse]);
  assert.equal(await verdictOf(page, 'corrupt.png'), 'error');
  assert.match(await resultOf(page, 'corrupt.png').innerText(), new RegExp(zh['error.truncated']));
  assert.equal(await verdictOf(page, 'empty.jpg'), 'error');
  assert.match(await resultOf(page, 'empty.jpg').innerText(), new RegExp(zh['error.empty']));
  assert.equal(await verdictOf(page, 'random.bin'), 'error');
  assert.match(await resultOf(page, 'random.bin').innerText(), new RegExp(zh['error.unsupported']));
  assert.equal(await verdictOf(page, 'huge-video.mp4'), 'error');
  assert.match(await resultOf(page, 'huge-video.mp4').innerText(), /3 GB.*1 GB/s);
  for (const n of ['corrupt.png', 'random.bin']) assert.match(await resultOf(page, n).innerText(), new RegExp(zh['error.stillUsable']));
  await assertAccessible(page, 'error results');
  await shoot(page, 'errors-zh');

  if (fs.existsSync(hostileDir)) {
    const hostile = fs.readdirSync(hostileDir).map((f) => path.join(hostileDir, f));
    const started = Date.now();
    await dropFiles(page, hostile);
    for (const f of hostile) assert.ok(['none', 'error'].includes(await verdictOf(page, path.basename(f), 20000)), f);
    t.diagnostic(`${hostile.length} hostile files checked in ${Date.now() - started} ms`);
  } else {
    t.diagnostic(`${hostileDir} is absent: hostile files not checked`);
  }
  // Still usable: a good file right after.
  await dropFiles(page, [media['label3.jpg']]);
  assert.equal(await verdictOf(page, 'label3.jpg'), 'suspected-ai');
  await shoot(page, 'hostile-zh');
  assertNoPageErrors(page);
  await page.close();
});

test('large inputs show progress and can be cancelled', async () => {
  const page = await open();
  // A download that never finishes: the progress bar moves, Cancel stops it.
  await page.fill('#url', `${urls.origin}/slow`);
  await page.click('#url-form button[type=submit]');
  const slow = resultOf(page, 'slow');
  await page.waitForFunction(() => {
    const bar = document.querySelector('.dsm-result[data-state="downloading"] progress');
    return bar && bar.value > 0;
  });
  assert.match(await slow.locator('.dsm-progress-text').innerText(), /MB/);
  await shoot(page, 'progress-zh');
  await slow.locator('.dsm-cancel').click();
  await page.waitForFunction(() => document.querySelector('.dsm-result')?.dataset.state === 'cancelled');
  assert.match(await slow.innerText(), new RegExp(zh['cancelled']));

  // A 300 MB file read into the core: progress is reported while it is read.
  const big = path.join(tmp, 'big-recording.wav');
  fs.closeSync(fs.openSync(big, 'w'));
  fs.truncateSync(big, 300 * 1024 * 1024);
  await page.evaluate(() => {
    window.progressSeen = [];
    new MutationObserver(() => {
      const bar = document.querySelector('.dsm-result progress');
      if (bar && bar.value) window.progressSeen.push(bar.value / bar.max);
    }).observe(document.querySelector('#results'), { subtree: true, childList: true, attributes: true });
  });
  await page.setInputFiles('#file', big);
  assert.equal(await verdictOf(page, 'big-recording.wav', 60000), 'error');
  const seen = await page.evaluate(() => window.progressSeen);
  assert.ok(seen.length >= 2 && seen.some((p) => p > 0 && p < 1), `progress reported while reading: ${seen}`);

  // Cancel while the core works on a file: the worker is replaced and the next file is checked.
  await page.setInputFiles('#file', big);
  const bigBox = resultOf(page, 'big-recording.wav').first();
  await page.waitForFunction(() => document.querySelector('.dsm-result')?.dataset.state === 'reading');
  await bigBox.locator('.dsm-cancel').click();
  await page.waitForFunction(() => document.querySelector('.dsm-result')?.dataset.state === 'cancelled');
  await dropFiles(page, [media['label1.png']]);
  assert.equal(await verdictOf(page, 'label1.png'), 'ai');
  assertNoPageErrors(page);
  await page.close();
});

test('language: English from the browser, the switch, the choice kept; no raw keys anywhere', async () => {
  const page = await open({ locale: 'en-US' });
  assert.equal(await page.getAttribute('html', 'lang'), 'en');
  assert.equal(await page.textContent('h1'), en['page.title']);
  await dropFiles(page, [media['label1.png'], media['corrupt.png'], media['plain.gif']]);
  assert.equal(await verdictOf(page, 'label1.png'), 'ai');
  await verdictOf(page, 'corrupt.png');
  await verdictOf(page, 'plain.gif');
  assert.match(await resultOf(page, 'label1.png').innerText(), new RegExp(en['verdict.ai']));
  await assertAccessible(page, 'English results');
  await shoot(page, 'results-en');
  const keys = Object.keys(en).filter((k) => k.includes('.'));
  const noRawKeys = async () => {
    const text = await page.evaluate(() => document.body.innerText);
    for (const k of keys) assert.ok(!text.includes(k), `raw key ${k} on the page`);
  };
  await noRawKeys();

  await page.click('#lang');
  assert.equal(await page.getAttribute('html', 'lang'), 'zh-CN');
  assert.equal(await page.textContent('h1'), zh['page.title']);
  assert.match(await resultOf(page, 'label1.png').innerText(), new RegExp(zh['verdict.ai']));
  assert.match(await resultOf(page, 'corrupt.png').innerText(), new RegExp(zh['verdict.error']));
  await noRawKeys();
  await page.reload();
  await page.waitForFunction(() => document.documentElement.dataset.engine === 'ready');
  assert.equal(await page.getAttribute('html', 'lang'), 'zh-CN', 'the choice is kept');
  await page.evaluate(() => localStorage.removeItem('dsmark.lang')); // the other tests start from the browser's language
  await page.close();
});

test('keyboard only: skip link, choose files, open the evidence, check text, switch language', async () => {
  const page = await open({ viewport: DESKTOP });
  // Listening before anything happens turns the browser's file-chooser interception on in time.
  const chooserOpened = new Promise((resolve) => page.once('filechooser', resolve));
  await page.waitForTimeout(100);
  await page.keyboard.press('Tab');
  assert.equal(await page.evaluate(() => document.activeElement.className), 'skip');
  await page.keyboard.press('Enter');
  assert.equal(await page.evaluate(() => document.activeElement.id), 'check');
  await page.keyboard.press('Tab');
  assert.equal(await page.evaluate(() => document.activeElement.id), 'choose');
  await page.keyboard.press('Enter');
  const chooser = await chooserOpened;
  await chooser.setFiles(media['label1.png']);
  assert.equal(await verdictOf(page, 'label1.png'), 'ai');

  // Tab on to the text box, type, submit with Enter on the button.
  const focusOn = async (selector, max = 40, key = 'Tab') => {
    for (let i = 0; i < max; i++) {
      if (await page.evaluate((s) => document.activeElement?.matches(s), selector)) return;
      await page.keyboard.press(key);
    }
    assert.fail(`Tab never reached ${selector}`);
  };
  await focusOn('#text');
  await page.keyboard.type('Hello, this is a short note.');
  await page.keyboard.press('Tab');
  await page.keyboard.press('Enter');
  assert.equal(await verdictOf(page, zh['text.name']), 'none');

  // The evidence of the first mark opens with Enter; the download button is reachable.
  await focusOn('.dsm-result[data-verdict="ai"] .dsm-evidence summary');
  await page.keyboard.press('Enter');
  assert.equal(await page.locator('.dsm-result[data-verdict="ai"] .dsm-evidence').getAttribute('open'), '');
  await focusOn('.dsm-result[data-verdict="ai"] .dsm-download');
  const outline = await page.evaluate(() => getComputedStyle(document.activeElement).outlineStyle);
  assert.notEqual(outline, 'none', 'focus is visible');

  // Remove with the keyboard: focus goes somewhere sensible.
  await focusOn('.dsm-result[data-verdict="ai"] .dsm-remove');
  await page.keyboard.press('Enter');
  assert.equal(await page.locator('.dsm-result').count(), 1);
  assert.equal(await page.evaluate(() => document.activeElement.id), 'results-title');

  await focusOn('#lang', 30, 'Shift+Tab');
  await page.keyboard.press('Space');
  assert.equal(await page.getAttribute('html', 'lang'), 'en');
  assert.equal(await page.evaluate(() => document.activeElement.id), 'lang', 'focus stays on the switch');
  await page.keyboard.press('Enter');
  assert.equal(await page.getAttribute('html', 'lang'), 'zh-CN');
  await page.evaluate(() => localStorage.removeItem('dsmark.lang'));
  await page.close();
});

test('after the page has loaded, nothing goes over the network except the URL the user asked for', async () => {
  // Its own origin, so no service worker or cache of the other tests is involved: a first visit, then a second one.
  const own = await serveDir();
  const exercise = async (page, asked) => {
    await dropFiles(page, [media['label1.png'], media['tone.mp3'], media['clip.mp4'], media['doc.pdf']]);
    for (const n of ['label1.png', 'tone.mp3', 'clip.mp4', 'doc.pdf']) await verdictOf(page, n);
    await page.fill('#text', '一段文字');
    await page.click('#text-form button[type=submit]');
    await verdictOf(page, zh['text.name']);
    await page.fill('#url', asked);
    await page.click('#url-form button[type=submit]');
    await verdictOf(page, 'plain.jpg');
    await Promise.all([page.waitForEvent('download'), resultOf(page, 'label1.png').locator('.dsm-download').click()]);
    await page.click('#lang');
    await page.locator('.dsm-result video').first().evaluate((v) => v.play().catch(() => {}));
    await page.waitForTimeout(1500);
  };
  const asked = `${urls.origin}/cors/plain.jpg`;
  for (const visit of ['first visit', 'second visit']) {
    const page = await openPage(browser.context, own.url);
    if (visit === 'second visit') assert.ok(await page.evaluate(() => !!navigator.serviceWorker.controller), 'served by the service worker');
    const seen = [];
    const record = (r) => seen.push(r.url());
    browser.context.on('request', record);
    const ownBefore = own.requests.length;
    const urlsBefore = urls.requests.length;
    await exercise(page, asked);
    browser.context.off('request', record);
    // On a later visit the browser itself may ask for sw.js to look for a new version of the page (never with
    // anything of the user's); nothing else may reach the page's server.
    const ownAfter = own.requests.slice(ownBefore).filter((u) => !(visit === 'second visit' && u === '/sw.js'));
    assert.deepEqual(ownAfter, [], `${visit}: the page's own server got requests after load`);
    assert.deepEqual(urls.requests.slice(urlsBefore), ['/cors/plain.jpg'], `${visit}: only the asked URL was fetched`);
    const network = seen.filter((u) => !u.startsWith('blob:') && !u.startsWith('data:') && !u.endsWith('/sw.js'));
    assert.deepEqual(network, [asked], `${visit}: the browser made requests other than the asked URL`);
    await page.evaluate(() => localStorage.removeItem('dsmark.lang'));
    await page.close();
  }
  await own.close();
});
