// The Firefox build of the extension (build/extension/firefox, the same source as Chromium's) in headless Firefox
// ESR, installed as a temporary add-on: a real right-click opens the browser's context menu and the test clicks
// dsmark's own item in it (so the click is the user's gesture and activeTab is granted as it would be); the verdict
// is read from the in-page panel's closed Shadow DOM through WebDriver. The checks run in the background page's
// Worker, since Firefox has no offscreen documents. Skipped when firefox-esr is not installed.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';

import { loadDsmark } from '../../scripts/lib/wasm-node.mjs';
import { capabilities } from '../../web/engine-features.js';
import { STRINGS } from '../../web/i18n.js';
import { screenshotDir } from '../support/browser.mjs';
import { OPT_OUT_PAGE, serveSite, sitePage, writeSiteMedia } from '../support/ext-site.mjs';
import { extensionDir } from '../support/extension.mjs';
import { FIREFOX, launchFirefox } from '../support/firefox.mjs';

const skip = !fs.existsSync(FIREFOX) && `${FIREFOX} is not installed (scripts/install-deps.sh test installs firefox-esr)`;
const MENU_ITEM = '-menuitem-_dsmark-check';
const en = STRINGS.en;

let ff;
let site;
let dir;
let files;
let core;

before(async () => {
  if (skip) return;
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dsmark-ff-site-'));
  files = writeSiteMedia(dir);
  site = await serveSite(dir);
  fs.writeFileSync(path.join(dir, 'index.html'), sitePage({ other: site.otherUrl, doubao: !!files['doubao_black.png'] }));
  fs.writeFileSync(path.join(dir, 'optout.html'), OPT_OUT_PAGE);
  core = await loadDsmark();
  ff = await launchFirefox();
  await ff.installAddon(extensionDir('firefox'));
});

after(async () => {
  await ff?.close();
  await site?.close();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

const expected = (name) => core.verify(fs.readFileSync(files[name]), name).verdict;
const expectedText = (text) => (capabilities(core).verifyText ? JSON.parse(JSON.stringify(core.verifyText(text))).verdict
  : core.verify(new TextEncoder().encode(text), 'selection.txt').verdict);

// Right-click → dsmark's menu item → the panel's verdict.
async function checkFromMenu(selector) {
  await ff.run('content', "document.querySelectorAll('dsmark-extension-panel').forEach((e) => e.remove());");
  await ff.rightClick(selector);
  const label = await ff.clickMenuItem(MENU_ITEM);
  assert.equal(label, en['ext.menu'], `the menu offers dsmark's item on ${selector}`);
  for (let i = 0; i < 200; i++) {
    try {
      const r = await ff.shadowRead('dsmark-extension-panel', '.dsm-result', 'data-verdict');
      if (r.value) return { verdict: r.value, text: r.text };
    } catch (e) {
      if (!/no such (element|shadow root)/.test(e.code || '')) throw e;
    }
    await new Promise((r) => setTimeout(r, 150));
  }
  throw new Error(`no verdict in the panel for ${selector}`);
}

test('Firefox: the real context menu checks pictures, audio and selected text', { skip, timeout: 240000 }, async () => {
  await ff.navigate(site.url);
  const cases = [['#label1', 'label1.png'], ['#label2', 'label2.jpg'], ['#plain', 'plain.png'], ['#marked-audio', 'label1.m4a'], ['#plain-audio', 'tone.wav']];
  if (files['doubao_black.png']) cases.unshift(['#doubao', 'doubao_black.png']);
  for (const [selector, name] of cases) {
    const got = await checkFromMenu(selector);
    assert.equal(got.verdict, expected(name), `${selector} (${name})`);
    assert.ok(got.text.includes(name), `${selector}: the panel names the file`);
    if (selector === '#label1') await ff.screenshot(path.join(screenshotDir, 'extension-firefox-picture.png'));
  }
  assert.equal(expected('label1.png'), 'ai');
  // Selected text.
  const selected = await ff.run('content', `
    const range = document.createRange();
    range.selectNodeContents(document.getElementById('marked-text'));
    getSelection().removeAllRanges();
    getSelection().addRange(range);
    return getSelection().toString();`);
  const text = await checkFromMenu('#marked-text p');
  assert.equal(text.verdict, expectedText(selected));
  assert.notEqual(text.verdict, 'none');
  assert.ok(text.text.includes(en['ext.source.selection']));
  fs.mkdirSync(screenshotDir, { recursive: true });
  await ff.screenshot(path.join(screenshotDir, 'extension-firefox-text.png'));
});

test('Firefox: a page that opts out gets the extension\'s own window', { skip, timeout: 120000 }, async () => {
  await ff.navigate(`${site.url}optout.html`);
  await ff.rightClick('#label1');
  assert.equal(await ff.clickMenuItem(MENU_ITEM), en['ext.menu']);
  // Marionette does not hand out extension pages' windows; the panel window's title says its verdict.
  const panelTitle = () => ff.run('chrome', `
    for (const w of Services.wm.getEnumerator('navigator:browser')) {
      const b = w.gBrowser.selectedBrowser;
      if (b.currentURI.spec.startsWith('moz-extension:') && b.currentURI.spec.includes('/panel.html#')) return b.contentTitle;
    }
    return null;`);
  let title = null;
  for (let i = 0; i < 150; i++) {
    title = await panelTitle();
    // "dsmark" (the page's own title) while it loads, "dsmark result · dsmark" until the verdict.
    if (title && title.endsWith(` · ${en['ext.panel.title']}`)) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  assert.equal(title, `${en['verdict.ai']} · ${en['ext.panel.title']}`);
  await ff.run('chrome', `
    for (const w of Services.wm.getEnumerator('navigator:browser')) {
      if (w.gBrowser.selectedBrowser.currentURI.spec.includes('/panel.html#')) w.close();
    }`);
  assert.equal(await ff.run('content', "return document.querySelectorAll('dsmark-extension-panel').length;"), 0, 'nothing injected');
});
