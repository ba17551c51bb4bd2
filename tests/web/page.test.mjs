// The first page in headless Chromium: files picked or dropped, the verdict read from data-verdict.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';

import { repoRoot } from '../../scripts/lib/wasm-node.mjs';
import { launchBrowser, screenshotDir, serveDir } from '../support/browser.mjs';

const doubao = path.resolve(repoRoot, '../shared/fixtures/vendors/doubao_black.png');
let browser;
let server;
let tmp;

before(async () => {
  server = await serveDir();
  browser = await launchBrowser();
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'dsmark-page-'));
  fs.mkdirSync(screenshotDir, { recursive: true });
});

after(async () => {
  await browser?.close();
  await server?.close();
  fs.rmSync(tmp, { recursive: true, force: true });
});

async function newPage(locale = 'zh-CN') {
  const page = await browser.context.newPage();
  await page.addInitScript((l) => {
    Object.defineProperty(navigator, 'languages', { get: () => [l] });
  }, locale);
  await page.goto(server.url);
  return page;
}

// Drops files on the drop zone the way a browser does: a drop event carrying a DataTransfer.
async function dropFiles(page, files) {
  const payload = files.map((f) => ({ name: path.basename(f), b64: fs.readFileSync(f).toString('base64') }));
  await page.evaluate((items) => {
    const dt = new DataTransfer();
    for (const { name, b64 } of items) {
      const bin = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
      dt.items.add(new File([bin], name));
    }
    const zone = document.querySelector('#drop');
    zone.dispatchEvent(new DragEvent('dragover', { dataTransfer: dt, bubbles: true, cancelable: true }));
    zone.dispatchEvent(new DragEvent('drop', { dataTransfer: dt, bubbles: true, cancelable: true }));
  }, payload);
}

async function verdictOf(page, name) {
  const box = page.locator('.result', { has: page.locator('.file', { hasText: name }) });
  await box.waitFor();
  await page.waitForFunction((n) => {
    const el = [...document.querySelectorAll('.result')].find((r) => r.querySelector('.file')?.textContent === n);
    return el && el.hasAttribute('data-verdict');
  }, name, { timeout: 20000 });
  return box.getAttribute('data-verdict');
}

test('dropping the Doubao PNG shows an AI verdict; an unlabelled PNG shows none', async (t) => {
  const page = await newPage();
  const plain = path.join(tmp, 'plain-unlabelled.png');
  execFileSync('ffmpeg', ['-loglevel', 'error', '-y', '-f', 'lavfi', '-i', 'testsrc=size=64x64', '-frames:v', '1', plain]);
  const files = [plain];
  const haveDoubao = fs.existsSync(doubao);
  if (haveDoubao) files.push(doubao);
  else t.diagnostic(`../shared/fixtures is absent: ${doubao} not dropped`);
  await dropFiles(page, files);
  assert.equal(await verdictOf(page, 'plain-unlabelled.png'), 'none');
  if (haveDoubao) {
    assert.equal(await verdictOf(page, 'doubao_black.png'), 'ai');
    const text = await page.locator('.result[data-verdict="ai"]').innerText();
    assert.match(text, /AI 生成/);
    assert.match(text, /GB 45438/);
  }
  await page.screenshot({ path: path.join(screenshotDir, 'first-page-zh.png'), fullPage: true });
  await page.close();
});

test('picking a file with the file input works, and the page switches to English', async () => {
  const page = await newPage('en-US');
  const corrupt = path.join(tmp, 'corrupt.png');
  fs.writeFileSync(corrupt, Buffer.from('\x89PNG\r\n\x1a\n\0\0\0\x0dIHDR', 'latin1'));
  await page.setInputFiles('#file', corrupt);
  assert.equal(await verdictOf(page, 'corrupt.png'), 'error');
  assert.match(await page.locator('.result').first().innerText(), /could not be read/);
  await page.click('#lang');
  assert.match(await page.locator('.result').first().innerText(), /无法读取/);
  await page.screenshot({ path: path.join(screenshotDir, 'first-page-error.png'), fullPage: true });
  await page.close();
});
