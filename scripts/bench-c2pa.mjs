#!/usr/bin/env node
// C2PA reading in headless Chromium: @contentauth/c2pa-web (npm, the reference reader) against dsmark's wasm, on
// the same files in the same run. Each library runs in a Web Worker, as pages use them; files are in memory first.
// Prints per-file medians, the ratio, and both wasm sizes raw and gzip.
//   node scripts/bench-c2pa.mjs [--repeat N] [--quick] [FILE...]
// Default files: the C2PA images in ../shared/fixtures that both readers locate (JPEG APP11, PNG caBX).
// --quick: one file, one repetition (what scripts/test.sh runs to check this script works).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';

import { launchBrowser } from '../tests/support/browser.mjs';
import { repoRoot } from './lib/wasm-node.mjs';
import { createStaticServer } from './serve.mjs';

const args = process.argv.slice(2);
let repeat = 15;
let quick = false;
const files = [];
for (let i = 0; i < args.length; i++) {
  if (args[i] === '--repeat') repeat = Number(args[++i]);
  else if (args[i] === '--quick') quick = true;
  else files.push(path.resolve(args[i]));
}
const fixtures = path.resolve(repoRoot, '../shared/fixtures');
if (files.length === 0) {
  const names = quick
    ? ['vendors/chatgpt.png']
    : ['vendors/chatgpt.png', 'c2pa-rs/C.jpg', 'c2pa-rs/CA.jpg', 'c2pa-rs/CACA.jpg', 'c2pa-rs/XCA.jpg',
       'c2pa-rs/E-sig-CA.jpg', 'c2pa-rs/boxhash.jpg'];
  for (const n of names) files.push(path.join(fixtures, n));
}
if (quick) repeat = 1;
for (const f of files) {
  if (!fs.existsSync(f)) {
    console.log(`skipped: ${f} is absent (../shared/fixtures holds the benchmark files)`);
    process.exit(0);
  }
}

const c2paWebDir = path.join(repoRoot, 'node_modules/@contentauth/c2pa-web');
const dsmarkDir = path.join(repoRoot, 'build/wasm/bin');
for (const [dir, how] of [[c2paWebDir, 'npm ci'], [dsmarkDir, 'scripts/build-wasm.sh']]) {
  if (!fs.existsSync(dir)) throw new Error(`${dir} is missing: run ${how}`);
}
const c2paWasm = path.join(c2paWebDir, 'dist/resources/c2pa_bg.wasm');
const dsmarkWasm = path.join(dsmarkDir, 'dsmark_core.wasm');
const c2paWebVersion = JSON.parse(fs.readFileSync(path.join(c2paWebDir, 'package.json'), 'utf8')).version;

// One origin serving both libraries, the files and the bench page (bare imports of c2pa-web through an import map).
const root = fs.mkdtempSync(path.join(os.tmpdir(), 'dsmark-bench-c2pa-'));
const link = (target, name) => fs.symlinkSync(target, path.join(root, name));
link(path.join(c2paWebDir, 'dist'), 'c2pa-web');
link(path.join(repoRoot, 'node_modules/highgain/dist'), 'highgain');
link(path.join(repoRoot, 'node_modules/ts-deepmerge/esm'), 'ts-deepmerge');
link(dsmarkDir, 'dsmark');
link(path.join(repoRoot, 'wasm'), 'dsmark-api');
fs.mkdirSync(path.join(root, 'files'));
const mime = (f) => ({ '.png': 'image/png', '.jpg': 'image/jpeg', '.jpeg': 'image/jpeg', '.webp': 'image/webp' })[path.extname(f).toLowerCase()] || 'application/octet-stream';
const served = files.map((f, i) => {
  const name = `${i}${path.extname(f)}`;
  fs.copyFileSync(f, path.join(root, 'files', name));
  return { url: `/files/${name}`, label: path.relative(fixtures, f).startsWith('..') ? f : path.relative(fixtures, f), type: mime(f) };
});
fs.copyFileSync(path.join(repoRoot, 'core/data/c2pa-trust-list.pem'), path.join(root, 'trust.pem'));
fs.writeFileSync(path.join(root, 'dsmark-worker.js'), `
import createDsmarkCore from './dsmark/dsmark_core.mjs';
import { createDsmark } from './dsmark-api/dsmark-api.mjs';
let engine;
self.onmessage = async ({ data }) => {
  if (data.init) {
    const t0 = performance.now();
    const wasmBinary = new Uint8Array(await (await fetch('./dsmark/dsmark_core.wasm')).arrayBuffer());
    engine = await createDsmark(createDsmarkCore, { wasmBinary });
    self.postMessage({ ms: performance.now() - t0 });
    return;
  }
  const report = engine.verify(new Uint8Array(data.bytes), data.name, { detectors: data.detectors });
  const m = report.marks.find((x) => x.scheme === 'c2pa');
  self.postMessage({ found: !!m && !!m.fields.validation, validation: m ? m.fields.validation || '' : '' });
};`);
fs.writeFileSync(path.join(root, 'index.html'), `<!doctype html><meta charset="utf-8">
<script type="importmap">{"imports":{"highgain":"/highgain/index.js","ts-deepmerge":"/ts-deepmerge/index.js"}}</script>
<script type="module">
import { createC2pa } from '/c2pa-web/index.js';
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
window.runBench = async ({ files, repeat }) => {
  const data = await Promise.all(files.map(async (f) => new Uint8Array(await (await fetch(f.url)).arrayBuffer())));
  const trust = await (await fetch('/trust.pem')).text();
  // c2pa-web: created once (fetches and compiles its wasm, starts its worker), then one Reader per file.
  let t0 = performance.now();
  const c2pa = await createC2pa({ wasmSrc: '/c2pa-web/resources/c2pa_bg.wasm',
                                  settings: { trust: { trustAnchors: trust }, verify: { verifyTrust: true } } });
  const c2paInit = performance.now() - t0;
  // dsmark: its worker fetches and instantiates the wasm once.
  const worker = new Worker('/dsmark-worker.js', { type: 'module' });
  const ask = (msg, transfer = []) => new Promise((resolve) => { worker.onmessage = (e) => resolve(e.data); worker.postMessage(msg, transfer); });
  const dsmarkInit = (await ask({ init: true })).ms;
  const rows = [];
  for (let i = 0; i < files.length; i++) {
    const c2paTimes = [], dsmarkTimes = [], dsmarkFullTimes = [];
    let c2paFound = false, c2paState = '', dsmarkFound = false, dsmarkState = '';
    for (let r = 0; r < repeat + 1; r++) {  // the first round warms up and is not counted
      const blob = new Blob([data[i]], { type: files[i].type });
      t0 = performance.now();
      const reader = await c2pa.reader.fromBlob(files[i].type, blob);
      let store = null;
      if (reader) { store = await reader.manifestStore(); await reader.free(); }
      const c2paMs = performance.now() - t0;
      c2paFound = !!store;
      c2paState = store && store.validation_state ? store.validation_state : '';
      let copy = data[i].slice().buffer;
      t0 = performance.now();
      const d = await ask({ bytes: copy, name: files[i].label, detectors: false }, [copy]);
      const dsmarkMs = performance.now() - t0;
      copy = data[i].slice().buffer;
      t0 = performance.now();
      await ask({ bytes: copy, name: files[i].label, detectors: true }, [copy]);
      const fullMs = performance.now() - t0;
      dsmarkFound = d.found;
      dsmarkState = d.validation;
      if (r > 0) { c2paTimes.push(c2paMs); dsmarkTimes.push(dsmarkMs); dsmarkFullTimes.push(fullMs); }
    }
    rows.push({ file: files[i].label, bytes: data[i].length, c2pa: median(c2paTimes), dsmark: median(dsmarkTimes),
                dsmarkFull: median(dsmarkFullTimes), c2paFound, c2paState, dsmarkFound, dsmarkState });
  }
  worker.terminate();
  c2pa.dispose();
  return { c2paInit, dsmarkInit, rows, userAgent: navigator.userAgent };
};
window.benchReady = true;
</script>`);

const server = createStaticServer(root);
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
const base = `http://127.0.0.1:${server.address().port}/`;
const browser = await launchBrowser();
let result;
try {
  const page = await browser.context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  await page.goto(base);
  await page.waitForFunction(() => window.benchReady === true, null, { timeout: 30000 }).catch(() => {
    throw new Error(`the bench page did not load: ${errors.join('; ')}`);
  });
  result = await page.evaluate((cfg) => window.runBench(cfg), { files: served, repeat });
} finally {
  await browser.close();
  server.close();
  fs.rmSync(root, { recursive: true, force: true });
}

const size = (f) => {
  const raw = fs.readFileSync(f);
  return { raw: raw.length, gzip: zlib.gzipSync(raw, { level: 9 }).length };
};
const c2paSize = size(c2paWasm), dsmarkSize = size(dsmarkWasm);
const mb = (n) => `${(n / 1e6).toFixed(2)} MB`;
const ms = (x) => x.toFixed(1).padStart(8);
console.log(`C2PA reading in ${result.userAgent.match(/(Headless)?Chrome\/[\d.]+/)?.[0] || 'Chromium'}; median of ${repeat} runs per file after one warm-up`);
if (quick) console.log('--quick: one run of one file checks that this script works; its times mean nothing (wasm tiers up later)');
console.log(`${'file'.padEnd(24)} ${'bytes'.padStart(9)} ${'c2pa-web ms'.padStart(11)} ${'dsmark ms'.padStart(9)} ${'ratio'.padStart(6)} ${'dsmark+detectors'.padStart(16)}   c2pa-web / dsmark validation`);
let sumC = 0, sumD = 0;
for (const r of result.rows) {
  sumC += r.c2pa;
  sumD += r.dsmark;
  if (!r.c2paFound || !r.dsmarkFound) console.log(`  note: ${r.file}: manifest found by c2pa-web ${r.c2paFound}, by dsmark ${r.dsmarkFound}`);
  console.log(`${r.file.padEnd(24)} ${String(r.bytes).padStart(9)} ${ms(r.c2pa).padStart(11)} ${ms(r.dsmark).padStart(9)} ${(r.c2pa / r.dsmark).toFixed(1).padStart(5)}x ${ms(r.dsmarkFull).padStart(16)}   ${r.c2paState || '-'} / ${r.dsmarkState || '-'}`);
}
const n = result.rows.length;
console.log(`per file (mean of medians): c2pa-web ${(sumC / n).toFixed(1)} ms, dsmark ${(sumD / n).toFixed(1)} ms: dsmark is ${(sumC / sumD).toFixed(1)}x faster`);
console.log(`start-up (fetch, compile, instantiate): c2pa-web ${result.c2paInit.toFixed(0)} ms, dsmark ${result.dsmarkInit.toFixed(0)} ms`);
console.log(`wasm size: c2pa-web ${c2paWebVersion} ${mb(c2paSize.raw)} raw, ${mb(c2paSize.gzip)} gzip; dsmark (all of it) ${mb(dsmarkSize.raw)} raw, ${mb(dsmarkSize.gzip)} gzip: ${(100 * dsmarkSize.gzip / c2paSize.gzip).toFixed(1)}% of c2pa-web's gzip size`);
