// The result view as a reusable module in Chromium: every scheme rendered from TEST DATA reports (hand-written,
// tests/web/data/sample-reports.mjs: schemes this branch's core cannot produce yet), each state of a running check,
// and the same view inside a Shadow DOM, themed through CSS custom properties (as the extension panel and the
// <dsmark-check> widget will use it). Screenshots: build/screenshots/view-*.png.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';

import { STRINGS } from '../../web/i18n.js';
import { launchBrowser, serveDir } from '../support/browser.mjs';
import { assertAccessible, openPage, shoot } from '../support/page-helpers.mjs';
import { SAMPLE_REPORTS } from './data/sample-reports.mjs';

let browser;
let server;

before(async () => {
  server = await serveDir();
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await server?.close();
});

// A page of the served folder emptied and filled with one view per sample report.
async function gallery(lang) {
  const page = await openPage(browser.context, server.url, { waitOffline: false });
  await page.evaluate(async ({ reports, lang: l }) => {
    const { ResultView } = await import('./result-view.js');
    const main = document.querySelector('main');
    main.replaceChildren();
    const h = document.createElement('h1');
    h.textContent = 'Result view gallery (test data)';
    main.append(h);
    for (const [name, report] of Object.entries(reports)) {
      const view = new ResultView({ lang: l, headingLevel: 2 });
      view.update({ name: `${name}: ${report.file}`, size: 123456, phase: 'done', report });
      view.element.dataset.sample = name;
      for (const d of view.element.querySelectorAll('details')) d.open = true;
      main.append(view.element);
    }
  }, { reports: SAMPLE_REPORTS, lang });
  return page;
}

test('every scheme renders in plain words in both languages, accessibly', async () => {
  for (const lang of ['zh-CN', 'en']) {
    const page = await gallery(lang);
    const s = STRINGS[lang];
    const text = (name) => page.locator(`[data-sample="${name}"]`).innerText();
    for (const [name, report] of Object.entries(SAMPLE_REPORTS)) {
      assert.equal(await page.getAttribute(`[data-sample="${name}"]`, 'data-verdict'), report.verdict, name);
    }
    assert.match(await text('c2paUntrusted'), new RegExp(s['scheme.c2pa.title']));
    assert.ok((await text('c2paUntrusted')).includes(s['integrity.validUntrusted']));
    assert.ok((await text('c2paInvalid')).includes(s['integrity.invalid']));
    assert.ok((await text('c2paTrustedCapture')).includes(s['integrity.trusted']));
    assert.match(await text('gb45438Decoded'), /即梦/);
    assert.match(await text('sdWatermark'), /3\.1×10⁻¹²/);
    assert.match(await text('audio'), /0:01\.3/);
    assert.ok((await text('audioNotDecoded')).includes(s['sound.notChecked'].replace('{codec}', 'AAC')));
    assert.match(await text('text'), /gen=qwen;id=42/);
    assert.match(await text('futureScheme'), /watermark:trustmark/);
    assert.match(await text('futureScheme'), /BCH_SUPER/);
    assert.ok((await text('error')).includes(s['error.truncated']));
    await assertAccessible(page, `gallery ${lang}`);
    await shoot(page, `view-gallery-${lang === 'en' ? 'en' : 'zh'}`);
    await page.close();
  }
});

test('the states of a running check carry the right attributes and words', async () => {
  const page = await openPage(browser.context, server.url, { waitOffline: false });
  // A view left in the "metadata shown, detectors still running" state, for the screenshot.
  await page.evaluate(async (report) => {
    const { ResultView } = await import('./result-view.js');
    document.querySelector('#results-section').hidden = false;
    const running = new ResultView({ lang: 'zh-CN', onCancel: () => {} });
    document.querySelector('#results').append(running.element);
    running.update({ name: 'photo-5mb.jpg', size: 5.1e6, phase: 'detectors', partialReport: report });
    const reading = new ResultView({ lang: 'zh-CN', onCancel: () => {} });
    document.querySelector('#results').append(reading.element);
    reading.update({ name: 'long-recording.wav', size: 480e6, phase: 'reading' });
    reading.setProgress(130e6, 480e6);
  }, SAMPLE_REPORTS.gb45438Decoded);
  await shoot(page, 'view-running-zh');
  const states = await page.evaluate(async (report) => {
    const { ResultView } = await import('./result-view.js');
    const out = {};
    const host = document.querySelector('#results');
    document.querySelector('#results-section').hidden = false;
    const snap = (view) => ({
      state: view.element.dataset.state, verdict: view.element.getAttribute('data-verdict'),
      partial: view.element.getAttribute('data-partial-verdict'), busy: view.element.getAttribute('aria-busy'),
      text: view.element.innerText, cancel: !!view.element.querySelector('.dsm-cancel'),
    });
    let cancelled = 0;
    const view = new ResultView({ lang: 'zh-CN', onCancel: () => cancelled++ });
    host.append(view.element);
    view.update({ name: 'big.png', size: 50e6, phase: 'queued' });
    out.queued = snap(view);
    view.update({ phase: 'reading' });
    view.setProgress(20e6, 50e6);
    out.reading = snap(view);
    out.progress = view.element.querySelector('progress').getAttribute('aria-valuetext');
    view.update({ phase: 'detectors', partialReport: { ...report, verdict: 'none', marks: [] } });
    out.detectors = snap(view);
    view.element.querySelector('.dsm-cancel').click();
    out.cancelClicks = cancelled;
    view.update({ phase: 'cancelled', report: view.state.partialReport });
    out.cancelled = snap(view);
    const failed = new ResultView({ lang: 'en' });
    failed.update({ name: 'x.png', phase: 'done', failure: { key: 'engine.network' } });
    out.failed = snap(failed);
    return out;
  }, SAMPLE_REPORTS.gb45438Decoded);
  const zh = STRINGS['zh-CN'];
  assert.equal(states.queued.verdict, null);
  assert.equal(states.queued.busy, 'true');
  assert.ok(states.queued.cancel);
  assert.match(states.reading.text, /19\.1 MB/);
  assert.equal(states.progress, '40%');
  assert.equal(states.detectors.verdict, null, 'no data-verdict before the check finishes');
  assert.equal(states.detectors.partial, 'none');
  assert.ok(states.detectors.text.includes(zh['partial.none']));
  assert.ok(states.detectors.text.includes(zh['partial.note']));
  assert.equal(states.cancelClicks, 1);
  assert.equal(states.cancelled.verdict, 'none', 'a cancelled check keeps the metadata result');
  assert.ok(states.cancelled.text.includes(zh['cancelledPartial']));
  assert.equal(states.cancelled.busy, null);
  assert.equal(states.failed.verdict, 'error');
  assert.ok(states.failed.text.includes(STRINGS.en['engine.network']));
  await page.close();
});

test('the same view inside a Shadow DOM, themed with CSS custom properties', async () => {
  const page = await openPage(browser.context, server.url, { waitOffline: false });
  const out = await page.evaluate(async (report) => {
    const { ResultView } = await import('./result-view.js');
    const host = document.createElement('div');
    host.id = 'widget-host';
    document.body.prepend(host);
    const root = host.attachShadow({ mode: 'open' });
    const link = document.createElement('link');
    link.rel = 'stylesheet';
    link.href = new URL('result-view.css', location.href).href;
    const loaded = new Promise((resolve) => link.addEventListener('load', resolve));
    root.append(link);
    const view = new ResultView({ lang: 'en', headingLevel: 4 });
    root.append(view.element);
    view.update({ name: 'chatgpt.png', phase: 'done', report });
    await loaded;
    const title = root.querySelector('.dsm-verdict-title');
    const before = getComputedStyle(title).color;
    host.style.setProperty('--dsm-ai', 'rgb(1, 2, 3)'); // the host page's theme reaches into the shadow tree
    const el = root.querySelector('.dsm-result');
    return {
      verdict: el.dataset.verdict, heading: root.querySelector('.dsm-name').tagName, before,
      inherited: getComputedStyle(title).color, inDocument: document.querySelectorAll('.dsm-result').length,
    };
  }, SAMPLE_REPORTS.c2paUntrusted);
  assert.equal(out.verdict, 'ai');
  assert.equal(out.heading, 'H4');
  assert.equal(out.before, 'rgb(180, 35, 24)');
  assert.equal(out.inherited, 'rgb(1, 2, 3)');
  assert.equal(out.inDocument, 0, 'nothing leaks into the host document');
  await page.close();
});
