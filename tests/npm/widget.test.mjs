// <dsmark-check> from the built npm package in headless Chromium: the example page, and a test page with marked and
// unmarked pictures, audio and text (written at test time). The verdict is read from data-verdict on each widget's
// host element and compared with the same core under Node; the badge opens the details card; the engine is loaded
// only when a widget comes into view. Screenshots: build/screenshots/widget-*.png.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';

import { loadDsmark, repoRoot } from '../../scripts/lib/wasm-node.mjs';
import { STRINGS } from '../../web/i18n.js';
import { launchBrowser } from '../support/browser.mjs';
import { HIDDEN_TEXT, MARKED_TEXT, PLAIN_TEXT, serveSite, watermarkedText, writeSiteMedia } from '../support/ext-site.mjs';
import { DESKTOP, PHONE, assertAccessible, shoot } from '../support/page-helpers.mjs';

const pkg = path.join(repoRoot, 'build/npm/package');
let browser;
let site;
let dir;
let files;
let core;
let watermarked;

const attr = (s) => s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');

before(async () => {
  assert.ok(fs.existsSync(path.join(pkg, 'widget.js')), `${pkg} is not built: run scripts/build-npm.sh`);
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dsmark-widget-'));
  files = writeSiteMedia(dir);
  fs.symlinkSync(pkg, path.join(dir, 'pkg'));
  site = await serveSite(dir);
  core = await loadDsmark();
  watermarked = watermarkedText(core);
  const doubao = files['doubao_black.png'];
  fs.writeFileSync(path.join(dir, 'widgets.html'), `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; img-src 'self'; media-src 'self'; worker-src 'self'; connect-src 'self' http://localhost:*; object-src 'none'">
<title>widget test page</title><script type="module" src="pkg/widget.js"></script></head>
<body>
  ${doubao ? '<dsmark-check id="doubao" src="doubao_black.png" loading="eager"><img src="doubao_black.png" alt="Doubao" width="200"></dsmark-check>' : ''}
  <dsmark-check id="label1" src="label1.png" loading="eager"><img src="label1.png" alt="label 1" width="200"></dsmark-check>
  <dsmark-check id="label2" src="label2.jpg" loading="eager"><img src="label2.jpg" alt="label 2" width="200"></dsmark-check>
  <dsmark-check id="plain" src="plain.png" loading="eager"><img src="plain.png" alt="plain" width="200"></dsmark-check>
  <p>Audio: <dsmark-check id="audio" src="label1.m4a" loading="eager"></dsmark-check> <dsmark-check id="tone" src="tone.wav" loading="eager"></dsmark-check></p>
  <p>Text: <dsmark-check id="marked-text" text="${attr(MARKED_TEXT)}" loading="eager"></dsmark-check>
     <dsmark-check id="hidden-text" text="${attr(HIDDEN_TEXT)}" loading="eager"></dsmark-check>
     <dsmark-check id="watermarked-text" text="${attr(watermarked)}" loading="eager"></dsmark-check>
     <dsmark-check id="plain-text" text="${attr(PLAIN_TEXT)}" loading="eager"></dsmark-check></p>
  <p>Another site that does not allow it: <dsmark-check id="refused" src="${site.otherUrl}label2.jpg" loading="eager"></dsmark-check></p>
</body></html>
`);
  fs.writeFileSync(path.join(dir, 'lazy.html'), `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>lazy</title><script type="module" src="pkg/widget.js"></script></head>
<body><div style="height: 4000px">far above</div><dsmark-check id="far" src="label1.png"><img src="label1.png" alt="" width="200"></dsmark-check></body></html>
`);
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await site?.close();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

async function open(url, viewport = DESKTOP, init = null) {
  const page = await browser.context.newPage();
  await page.setViewportSize(viewport);
  if (init) await page.addInitScript(init);
  page.errors = [];
  page.on('pageerror', (e) => page.errors.push(e.message));
  page.on('console', (m) => {
    if (m.type() === 'error' && !/Failed to load resource|blocked by CORS policy/.test(m.text())) page.errors.push(m.text());
  });
  await page.goto(url);
  return page;
}

const verdicts = (page) => page.$$eval('dsmark-check', (els) => Object.fromEntries(els.map((e) => [e.id, e.getAttribute('data-verdict')])));

async function waitAll(page, ids, timeout = 30000) {
  await page.waitForFunction((list) => list.every((id) => document.getElementById(id)?.hasAttribute('data-verdict')), ids, { timeout });
}

const expectFile = (name) => core.verify(fs.readFileSync(files[name]), name).verdict;
// The core's text entry point (verifyText), as the widget's worker calls it.
const textReport = (text) => JSON.parse(JSON.stringify(core.verifyText(text, 'text.txt')));
const expectText = (text) => textReport(text).verdict;

test('data-verdict on each widget is the core\'s verdict: pictures, audio, text, a refused file', { timeout: 180000 }, async () => {
  const page = await open(`${site.url}widgets.html`);
  const want = {
    label1: 'ai', label2: 'possibly-ai', plain: 'none', audio: 'ai', tone: 'none',
    'marked-text': expectText(MARKED_TEXT), 'hidden-text': expectText(HIDDEN_TEXT), 'watermarked-text': expectText(watermarked),
    'plain-text': expectText(PLAIN_TEXT), refused: 'error',
  };
  // Each marked text carries what the core's text path finds: a visible label, invisible characters, the watermark.
  const textSchemes = { 'marked-text': 'explicit:text', 'hidden-text': 'text:invisible', 'watermarked-text': 'watermark:dsmark-text' };
  if (files['doubao_black.png']) want.doubao = 'ai';
  for (const [id, name] of [['label1', 'label1.png'], ['label2', 'label2.jpg'], ['plain', 'plain.png'], ['audio', 'label1.m4a'], ['tone', 'tone.wav']]) {
    assert.equal(expectFile(name), want[id], `the core's verdict for ${name}`);
  }
  assert.notEqual(want['marked-text'], 'none');
  assert.equal(want['plain-text'], 'none');
  await waitAll(page, Object.keys(want));
  assert.deepEqual(await verdicts(page), want);
  for (const [id, scheme] of Object.entries(textSchemes)) {
    const text = { 'marked-text': MARKED_TEXT, 'hidden-text': HIDDEN_TEXT, 'watermarked-text': watermarked }[id];
    assert.ok(textReport(text).marks.some((m) => m.scheme === scheme), `the core finds ${scheme} in ${id}`);
    const got = await page.$eval(`#${id}`, (e) => e.report.marks.map((m) => m.scheme));
    assert.ok(got.includes(scheme), `${id}: the widget's report has ${scheme} (${got})`);
  }
  // The report is there as a property, and the badge says it in words.
  assert.equal(await page.$eval('#label1', (e) => e.report.marks[0].scheme), 'gb45438');
  assert.equal(await page.$eval('#label1', (e) => e.getAttribute('data-state')), 'done');
  assert.equal((await page.locator('#label1').locator('.badge').innerText()).trim(), STRINGS.en['badge.ai']);
  assert.equal((await page.locator('#label2').locator('.badge').innerText()).trim(), STRINGS.en['badge.possibly-ai']);
  assert.equal((await page.locator('#refused').locator('.badge').innerText()).trim(), STRINGS.en['badge.error']);
  // The refused file says why, in the page's words.
  await page.click('#refused .badge');
  assert.ok((await page.locator('#refused .dsm-result').innerText()).includes(STRINGS.en['url.blocked']));
  await page.keyboard.press('Escape');
  assert.deepEqual(page.errors, []);
  await page.close();
});

test('the example page: badges, the details card, keyboard, theming, phone and desktop', { timeout: 180000 }, async () => {
  const page = await open(`${site.url}pkg/example/`, PHONE, () => {
    window.widgetEvents = [];
    document.addEventListener('dsmark-result', (e) => window.widgetEvents.push([e.target.id, e.detail.report.verdict]));
  });
  // On a phone only the first pictures are in view; scroll through so every widget is checked.
  for (const id of ['marked', 'plain', 'quiet', 'themed', 'text', 'text-watermark', 'text-en']) {
    await page.locator(`#${id}`).scrollIntoViewIfNeeded();
    await waitAll(page, [id]);
  }
  const v = await verdicts(page);
  assert.deepEqual(Object.fromEntries(await page.evaluate(() => window.widgetEvents)), v, 'one dsmark-result event per widget, with its verdict');
  assert.equal(v.marked, 'ai');
  assert.equal(v.plain, 'none');
  assert.equal(v.quiet, 'none');
  assert.equal(v.themed, 'ai');
  assert.equal(v.text, expectText('本文由人工智能生成，仅供参考。'));
  assert.equal(v['text-watermark'], 'ai');
  assert.deepEqual(await page.$eval('#text-watermark', (e) => e.report.marks.map((m) => m.scheme)), ['watermark:dsmark-text']);
  assert.equal(v['text-en'], 'none');
  assert.equal(await page.locator('#quiet .badge').isHidden(), true, 'quiet: no badge when nothing is found');
  assert.equal((await page.locator('#marked .badge').innerText()).trim(), STRINGS['zh-CN']['badge.ai'], 'the page\'s language');
  assert.equal((await page.locator('#themed .badge').innerText()).trim(), STRINGS.en['badge.ai'], 'lang="en"');
  // Theming: a custom property from the page reaches the badge inside the Shadow DOM.
  assert.equal(await page.locator('#themed .badge').evaluate((b) => getComputedStyle(b).backgroundColor), 'rgb(109, 40, 217)');
  await page.evaluate(() => window.scrollTo(0, 0));
  await shoot(page, 'widget-example');

  // Keyboard: the badge opens the card, focus moves into it, Escape closes it and gives focus back.
  await page.locator('#marked').scrollIntoViewIfNeeded();
  await page.locator('#marked .badge').focus();
  assert.equal(await page.locator('#marked .badge').getAttribute('aria-expanded'), 'false');
  await page.keyboard.press('Enter');
  const card = page.locator('#marked .card');
  await card.waitFor({ state: 'visible' });
  assert.equal(await page.locator('#marked .badge').getAttribute('aria-expanded'), 'true');
  assert.equal(await card.locator('.dsm-result').getAttribute('data-verdict'), 'ai');
  assert.ok((await card.innerText()).includes(STRINGS['zh-CN']['verdict.ai']));
  const box = await card.boundingBox();
  assert.ok(box.x >= 0 && box.x + box.width <= PHONE.width, `the card fits the phone's width: ${JSON.stringify(box)}`);
  await assertAccessible(page, 'example page with a card open');
  await shoot(page, 'widget-card');
  await page.keyboard.press('Escape');
  await card.waitFor({ state: 'hidden' });
  assert.equal(await page.evaluate(() => document.activeElement?.id), 'marked');
  assert.equal(await page.locator('#marked').evaluate((e) => e.shadowRoot.activeElement?.className), 'badge');
  // A click outside closes it too.
  await page.click('#marked .badge');
  await card.waitFor({ state: 'visible' });
  await page.mouse.click(5, 5);
  await card.waitFor({ state: 'hidden' });
  assert.deepEqual(page.errors, []);
  await page.close();
});

test('the engine loads only when a widget comes into view; attributes are the API', { timeout: 180000 }, async () => {
  const before = site.requests.length;
  const page = await open(`${site.url}lazy.html`);
  await page.waitForTimeout(1500);
  const early = site.requests.slice(before).map((u) => u.replace(/\?.*/, ''));
  assert.ok(early.includes('/pkg/widget.js'));
  for (const lazy of ['/pkg/dsmark_core.wasm', '/pkg/worker.js', '/pkg/browser.js', '/pkg/result-view.js', '/pkg/i18n.js']) {
    assert.ok(!early.includes(lazy), `${lazy} was loaded before any widget was in view`);
  }
  assert.equal(await page.$eval('#far', (e) => e.getAttribute('data-state')), null);
  await page.locator('#far').scrollIntoViewIfNeeded();
  await waitAll(page, ['far']);
  assert.equal(await page.$eval('#far', (e) => e.getAttribute('data-verdict')), 'ai');
  assert.ok(site.requests.slice(before).includes('/pkg/dsmark_core.wasm'));
  // Changing src checks again; text replaces it; removing both leaves nothing to check.
  await page.$eval('#far', (e) => e.setAttribute('src', 'plain.png'));
  await page.waitForFunction(() => document.getElementById('far').getAttribute('data-verdict') === 'none');
  await page.$eval('#far', (e) => e.setAttribute('text', 'plain words'));
  await page.waitForFunction(() => document.getElementById('far').getAttribute('data-verdict') === 'none');
  const state = await page.$eval('#far', (e) => {
    e.removeAttribute('text');
    e.removeAttribute('src');
    return new Promise((r) => setTimeout(() => r([e.getAttribute('data-state'), e.getAttribute('data-verdict')]), 100));
  });
  assert.deepEqual(state, ['idle', null]);
  // Created from script, with the property API.
  const made = await page.evaluate(async () => {
    const el = document.createElement('dsmark-check');
    el.setAttribute('loading', 'eager');
    el.src = 'label2.jpg';
    document.body.append(el);
    const r = await new Promise((resolve) => el.addEventListener('dsmark-result', (e) => resolve(e.detail.report), { once: true }));
    return [r.verdict, el.verdict, el.report === r];
  });
  assert.deepEqual(made, ['possibly-ai', 'possibly-ai', true]);
  assert.deepEqual(page.errors, []);
  await page.close();
});
