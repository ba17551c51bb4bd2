// Helpers for the page's browser tests: open the page in a language, drop files, read results, take phone and
// desktop screenshots, run axe-core.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';

import { repoRoot } from '../../scripts/lib/wasm-node.mjs';
import { screenshotDir } from './browser.mjs';

export const PHONE = { width: 390, height: 844 };
export const DESKTOP = { width: 1280, height: 900 };
const AXE = fs.readFileSync(path.join(repoRoot, 'node_modules/axe-core/axe.min.js'), 'utf8');

/** Opens the page with the browser's language set to `locale`; waits until the core is ready. */
export async function openPage(context, url, { locale = 'zh-CN', viewport = PHONE, waitOffline = true, engine = 'ready' } = {}) {
  const page = await context.newPage();
  await page.setViewportSize(viewport);
  await page.addInitScript((l) => {
    Object.defineProperty(navigator, 'languages', { get: () => [l] });
    Object.defineProperty(navigator, 'language', { get: () => l });
  }, locale);
  page.errors = [];
  page.on('pageerror', (e) => page.errors.push(e.message));
  page.on('console', (m) => {
    if (m.type() === 'error') page.errors.push(m.text());
  });
  await page.goto(url);
  await page.waitForFunction((e) => document.documentElement.dataset.engine === e, engine, { timeout: 20000 });
  if (waitOffline && engine === 'ready') await page.waitForFunction(() => document.documentElement.dataset.offline, null, { timeout: 20000 });
  return page;
}

/** Drops files on the drop zone the way a browser does: drag events carrying a DataTransfer. */
export async function dropFiles(page, files) {
  const payload = files.map((f) => ({ name: path.basename(f), b64: fs.readFileSync(f).toString('base64') }));
  await page.evaluate((items) => {
    const dt = new DataTransfer();
    for (const { name, b64 } of items) {
      const bin = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
      dt.items.add(new File([bin], name));
    }
    const zone = document.querySelector('#drop');
    for (const type of ['dragenter', 'dragover', 'drop']) {
      zone.dispatchEvent(new DragEvent(type, { dataTransfer: dt, bubbles: true, cancelable: true }));
    }
  }, payload);
}

export function resultOf(page, name) {
  return page.locator('.dsm-result').filter({ has: page.locator('.dsm-name', { hasText: new RegExp(`^${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`) }) });
}

/** Waits until the (newest) check of `name` has finished; returns its data-verdict. */
export async function verdictOf(page, name, timeout = 30000) {
  const box = resultOf(page, name).first();
  await box.waitFor({ timeout });
  await page.waitForFunction((n) => {
    const el = [...document.querySelectorAll('.dsm-result')].find((r) => r.querySelector('.dsm-name')?.textContent === n);
    return el && el.hasAttribute('data-verdict') && !el.hasAttribute('aria-busy');
  }, name, { timeout });
  return box.getAttribute('data-verdict');
}

export async function resultNames(page) {
  return page.$$eval('.dsm-result .dsm-name', (els) => els.map((e) => e.textContent));
}

/** Screenshots of the whole page at phone and desktop sizes: build/screenshots/NAME-{phone,desktop}.png. */
export async function shoot(page, name) {
  fs.mkdirSync(screenshotDir, { recursive: true });
  const before = page.viewportSize();
  for (const [size, viewport] of [['phone', PHONE], ['desktop', DESKTOP]]) {
    await page.setViewportSize(viewport);
    await page.evaluate(() => Promise.all([...document.images].map((i) => i.decode().catch(() => {}))));
    // Nothing may stick out sideways: a page that scrolls horizontally on a phone is broken.
    const widths = await page.evaluate(() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]);
    assert.ok(widths[0] <= widths[1], `${name} at ${size} size is ${widths[0]} px wide for a ${widths[1]} px screen`);
    await page.screenshot({ path: path.join(screenshotDir, `${name}-${size}.png`), fullPage: true, animations: 'disabled' });
  }
  await page.setViewportSize(before);
}

/** axe-core on the page as it is: fails on any serious or critical violation. */
export async function assertAccessible(page, label) {
  // Evaluated through the DevTools protocol: the page's CSP (rightly) refuses inline scripts.
  if (!(await page.evaluate(() => typeof window.axe === 'object'))) await page.evaluate(AXE);
  const result = await page.evaluate(() => window.axe.run(document, { resultTypes: ['violations'] }));
  const bad = result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  const text = bad.map((v) => `${v.id} (${v.impact}): ${v.help}\n    ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join('\n    ')}`).join('\n');
  assert.equal(bad.length, 0, `${label}: accessibility violations\n${text}`);
}

export function assertNoPageErrors(page) {
  assert.deepEqual(page.errors, [], 'errors in the page');
}
