// The built folder as a static site: it works offline after the first visit (service worker), from a sub-path of
// any host (relative URLs only), and a tampered wasm is refused (Subresource Integrity) with a plain message.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';

import { repoRoot } from '../../scripts/lib/wasm-node.mjs';
import { STRINGS } from '../../web/i18n.js';
import { launchBrowser, serveDir } from '../support/browser.mjs';
import { writeMediaSet } from '../support/make-media.mjs';
import { dropFiles, openPage, shoot, verdictOf } from '../support/page-helpers.mjs';

const built = path.join(repoRoot, 'build/web');
let browser;
let tmp;
let media;

before(async () => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'dsmark-offline-'));
  media = writeMediaSet(path.join(tmp, 'media'));
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  fs.rmSync(tmp, { recursive: true, force: true });
});

test('after the first visit the page reloads and checks files with its server gone', async (t) => {
  const server = await serveDir();
  t.after(() => server.close());
  const page = await openPage(browser.context, server.url);
  assert.equal(await page.evaluate(() => document.documentElement.dataset.offline), 'ready');
  assert.match(await page.textContent('#offline'), new RegExp(STRINGS['zh-CN']['offline.ready']));
  await server.close(); // the network is gone: nothing answers on that port any more
  await page.reload();
  await page.waitForFunction(() => document.documentElement.dataset.engine === 'ready', null, { timeout: 20000 });
  assert.ok(await page.evaluate(() => !!navigator.serviceWorker.controller), 'the page came from the service worker');
  await dropFiles(page, [media['label1.png'], media['plain.jpg']]);
  assert.equal(await verdictOf(page, 'label1.png'), 'ai');
  assert.equal(await verdictOf(page, 'plain.jpg'), 'none');
  await shoot(page, 'offline-zh');
  assert.deepEqual(page.errors, []);
  await page.close();
});

test('a new version is offered once it is cached, and taken on the visitor\'s word', async (t) => {
  const site = path.join(tmp, 'updating');
  const webCopy = path.join(tmp, 'web-next');
  fs.cpSync(built, site, { recursive: true });
  const server = await serveDir(site);
  t.after(() => server.close());
  const page = await openPage(browser.context, server.url);
  assert.equal(await page.isHidden('#update'), true);
  // Publish a new build into the same folder: the page's sources with one change, assembled as the build does.
  fs.cpSync(path.join(repoRoot, 'web'), webCopy, { recursive: true });
  fs.appendFileSync(path.join(webCopy, 'style.css'), '\n/* next version */\n');
  execFileSync('node', [path.join(repoRoot, 'scripts/lib/assemble-web.mjs'), webCopy, path.join(repoRoot, 'build/wasm/bin'),
    path.join(repoRoot, 'wasm/dsmark-api.mjs'), site], { stdio: 'ignore' });
  await page.reload(); // still the old version (from the cache); the browser finds and caches the new one
  await page.waitForSelector('#update:not([hidden])', { timeout: 20000 });
  assert.doesNotMatch(await page.evaluate(() => fetch('style.css').then((r) => r.text())), /next version/);
  await shoot(page, 'update-offered-zh');
  await Promise.all([page.waitForEvent('load'), page.click('#reload')]);
  await page.waitForFunction(() => document.documentElement.dataset.engine === 'ready');
  assert.match(await page.evaluate(() => fetch('style.css').then((r) => r.text())), /next version/);
  await page.close();
});

test('the folder works from a sub-path of a static host (relative URLs only)', async (t) => {
  const root = path.join(tmp, 'site');
  fs.mkdirSync(path.join(root, 'tools'), { recursive: true });
  fs.writeFileSync(path.join(root, 'index.html'), '<!doctype html><title>another site</title>');
  fs.cpSync(built, path.join(root, 'tools/dsmark'), { recursive: true });
  const server = await serveDir(root);
  t.after(() => server.close());
  for (const f of fs.readdirSync(built).filter((n) => /\.(html|js|mjs|css)$/.test(n))) {
    const text = fs.readFileSync(path.join(built, f), 'utf8');
    assert.doesNotMatch(text, /(?:src|href)="\/(?!\/)/, `${f}: an absolute URL`);
    assert.doesNotMatch(text, /(?:fetch|import)\(\s*['"]\//, `${f}: an absolute URL`);
  }
  const page = await openPage(browser.context, `${server.url}tools/dsmark/`);
  await dropFiles(page, [media['label2.jpg']]);
  assert.equal(await verdictOf(page, 'label2.jpg'), 'possibly-ai');
  await page.close();
});

test('a wasm file that does not match its hash is refused: the page says so and stays usable', async (t) => {
  const root = path.join(tmp, 'tampered');
  fs.cpSync(built, root, { recursive: true });
  const wasm = path.join(root, 'dsmark_core.wasm');
  const bytes = fs.readFileSync(wasm);
  bytes[bytes.length - 1] ^= 0xff; // one byte of the last section changed
  fs.writeFileSync(wasm, bytes);
  const server = await serveDir(root);
  t.after(() => server.close());
  const page = await openPage(browser.context, server.url, { engine: 'failed' });
  const message = await page.textContent('#engine');
  assert.equal(message, STRINGS['zh-CN']['engine.integrity']);
  await dropFiles(page, [media['label1.png']]);
  assert.equal(await verdictOf(page, 'label1.png'), 'error');
  assert.match(await page.locator('.dsm-result').innerText(), /检查程序的文件和发布时的不一致/);
  await shoot(page, 'integrity-failed-zh');
  await page.close();
});
