#!/usr/bin/env node
// Benchmark of the public page in headless Chromium (prints figures; never fails on a missed target):
//   - transfer size: every file the page loads until it is ready, raw and gzip -9 (what a server compressing its
//     responses sends), against the 1.5 MB gzip budget and c2pa-web's ≈ 3 MB gzip wasm alone;
//   - time from a file arriving on the page (dropped or chosen) to the first verdict (metadata) and to the final
//     verdict (all detectors), for a ≈ 5 MB JPEG and a ≈ 20 MB MP4 written at run time with cjpeg and ffmpeg.
// Usage: node scripts/bench-web.mjs [--repeat N] [--dir build/web]
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';

import { launchBrowser, serveDir } from '../tests/support/browser.mjs';
import { writeBigJpeg, writeBigMp4 } from '../tests/support/make-media.mjs';
import { repoRoot } from './lib/wasm-node.mjs';

const args = process.argv.slice(2);
const opt = (name, def) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : def;
};
const repeat = Math.max(1, Number(opt('--repeat', 5)));
const dir = path.resolve(opt('--dir', path.join(repoRoot, 'build/web')));
const BUDGET = 1.5 * 1024 * 1024;
const C2PA_WEB_GZIP = 3.0 * 1024 * 1024; // @contentauth/c2pa-web 0.13.1 wasm alone (../shared/REFERENCE.md §4)
const JPEG_TARGET_MS = 300;

const kb = (n) => `${(n / 1024).toFixed(1)} KB`;
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'dsmark-bench-web-'));
const server = await serveDir(dir);
const browser = await launchBrowser();
try {
  // 1. Transfer size of a first visit.
  const page = await browser.context.newPage();
  const loaded = new Map();
  page.on('response', async (r) => {
    if (!r.url().startsWith(server.url)) return;
    try {
      const body = await r.body();
      loaded.set(new URL(r.url()).pathname, body);
    } catch {
      /* redirects and the like have no body */
    }
  });
  await page.goto(server.url);
  await page.waitForFunction(() => document.documentElement.dataset.engine === 'ready', null, { timeout: 30000 });
  await page.waitForFunction(() => document.documentElement.dataset.offline, null, { timeout: 30000 });
  await page.waitForTimeout(300);
  await page.close();
  let raw = 0;
  let gz = 0;
  const rows = [];
  for (const [p, body] of [...loaded].sort()) {
    const g = zlib.gzipSync(body, { level: 9 }).length;
    raw += body.length;
    gz += g;
    rows.push(`    ${p.padEnd(24)} ${kb(body.length).padStart(10)} ${kb(g).padStart(10)} gzip`);
  }
  console.log(`page transfer size (first visit, ${loaded.size} files; the service worker reuses them from the HTTP cache):`);
  console.log(rows.join('\n'));
  const wasmGz = zlib.gzipSync(fs.readFileSync(path.join(dir, 'dsmark_core.wasm')), { level: 9 }).length;
  console.log(`  total: ${kb(raw)} raw, ${kb(gz)} gzip  (target ≤ ${kb(BUDGET)} gzip: ${gz <= BUDGET ? 'met' : 'MISSED'}; ` +
    `dsmark wasm ${kb(wasmGz)} gzip vs c2pa-web wasm ≈ ${kb(C2PA_WEB_GZIP)} gzip, ${(C2PA_WEB_GZIP / wasmGz).toFixed(1)}× smaller)`);

  // 2. Time to the first and the final verdict.
  const jpeg = writeBigJpeg(path.join(tmp, 'photo-5mb.jpg'), 5);
  const mp4 = writeBigMp4(path.join(tmp, 'clip-20mb.mp4'), 20);
  for (const file of [jpeg, mp4]) {
    const first = [];
    const final = [];
    for (let i = 0; i < repeat; i++) {
      const p = await browser.context.newPage();
      await p.goto(server.url);
      await p.waitForFunction(() => document.documentElement.dataset.engine === 'ready', null, { timeout: 30000 });
      await p.evaluate(() => {
        window.bench = {};
        // The moment the file reaches the page (a drop or the file picker fires this): the clock starts.
        window.addEventListener('change', () => { window.bench.t0 = performance.now(); }, true);
        new MutationObserver(() => {
          const r = document.querySelector('.dsm-result');
          if (!r) return;
          const now = performance.now();
          if (!window.bench.first && (r.hasAttribute('data-partial-verdict') || r.hasAttribute('data-verdict'))) window.bench.first = now;
          if (!window.bench.final && r.hasAttribute('data-verdict')) window.bench.final = now;
        }).observe(document.body, { subtree: true, attributes: true, attributeFilter: ['data-verdict', 'data-partial-verdict'] });
      });
      await p.setInputFiles('#file', file);
      await p.waitForFunction(() => window.bench.final, null, { timeout: 60000 });
      const b = await p.evaluate(() => window.bench);
      first.push(b.first - b.t0);
      final.push(b.final - b.t0);
      await p.close();
    }
    const size = (fs.statSync(file).size / 1024 / 1024).toFixed(1);
    const target = file === jpeg ? `  (target ≤ ${JPEG_TARGET_MS} ms: ${median(first) <= JPEG_TARGET_MS ? 'met' : 'MISSED'})` : '';
    console.log(`${path.basename(file)} (${size} MB): first verdict ${median(first).toFixed(0)} ms, final verdict ` +
      `${median(final).toFixed(0)} ms (median of ${repeat}; first ${first.map((x) => x.toFixed(0)).join('/')})${target}`);
  }
} finally {
  await browser.close();
  await server.close();
  fs.rmSync(tmp, { recursive: true, force: true });
}
