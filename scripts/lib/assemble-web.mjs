#!/usr/bin/env node
// Assembles the static page: node scripts/lib/assemble-web.mjs WEB_DIR WASM_BIN_DIR API_FILE OUT_DIR
// Copies the page and the core, then writes Subresource Integrity hashes into it:
//   - worker.js gets the SHA-384 of dsmark_core.wasm (its fetch of the wasm passes `integrity`);
//   - index.html gets `integrity` on its script and style sheets, an import map with the hash of every module the
//     page imports, and that import map's hash in its Content-Security-Policy;
//   - sw.js gets the list of files to keep for offline use, each with its hash, and a version made of them.
// Every URL stays relative, so the folder works from any static host and any sub-path.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

const [webDir, wasmDir, apiFile, outDir] = process.argv.slice(2);
if (!outDir) {
  console.error('usage: assemble-web.mjs WEB_DIR WASM_BIN_DIR API_FILE OUT_DIR');
  process.exit(2);
}

const sri = (buf) => `sha384-${crypto.createHash('sha384').update(buf).digest('base64')}`;
const read = (name) => fs.readFileSync(path.join(outDir, name));
const write = (name, text) => fs.writeFileSync(path.join(outDir, name), text);

function replaceOnce(text, from, to, file) {
  const at = text.indexOf(from);
  if (at < 0 || text.indexOf(from, at + from.length) >= 0) throw new Error(`${file}: expected exactly one ${from}`);
  return text.slice(0, at) + to + text.slice(at + from.length);
}

fs.rmSync(outDir, { recursive: true, force: true });
fs.mkdirSync(outDir, { recursive: true });
const PAGE_FILES = /\.(html|js|css|svg|webmanifest)$/;
for (const f of fs.readdirSync(webDir)) if (PAGE_FILES.test(f)) fs.copyFileSync(path.join(webDir, f), path.join(outDir, f));
fs.copyFileSync(apiFile, path.join(outDir, 'dsmark-api.mjs'));
for (const f of ['dsmark_core.mjs', 'dsmark_core.wasm']) fs.copyFileSync(path.join(wasmDir, f), path.join(outDir, f));

// 1. The wasm's hash into the worker.
write('worker.js', replaceOnce(read('worker.js').toString(), "'__DSMARK_WASM_INTEGRITY__'",
  `'${sri(read('dsmark_core.wasm'))}'`, 'worker.js'));

// 2. The page: the modules app.js imports (followed statically), an import map with their hashes, SRI attributes.
const modules = [];
const queue = ['app.js'];
while (queue.length) {
  const m = queue.shift();
  if (modules.includes(m)) continue;
  modules.push(m);
  for (const [, spec] of read(m).toString().matchAll(/^import\s[^'"]*['"](\.\/[^'"]+)['"]/gm)) queue.push(spec.slice(2));
}
const importMap = JSON.stringify({ imports: {}, integrity: Object.fromEntries(modules.map((m) => [`./${m}`, sri(read(m))])) });
const importMapTag = `<script type="importmap">${importMap}</script>`;
const importMapHash = `'sha256-${crypto.createHash('sha256').update(importMap).digest('base64')}'`;
let html = read('index.html').toString();
html = replaceOnce(html, "script-src 'self' 'wasm-unsafe-eval'", `script-src 'self' 'wasm-unsafe-eval' ${importMapHash}`, 'index.html');
html = replaceOnce(html, '<script type="module" src="app.js"></script>',
  `${importMapTag}\n  <script type="module" src="app.js" integrity="${sri(read('app.js'))}"></script>`, 'index.html');
for (const css of ['style.css', 'result-view.css']) {
  html = replaceOnce(html, `<link rel="stylesheet" href="${css}">`, `<link rel="stylesheet" href="${css}" integrity="${sri(read(css))}">`, 'index.html');
}
write('index.html', html);

// 3. The offline list (everything but the service worker itself) and the version.
// The page itself is kept under the folder's own URL ('./'), the URL visitors open, so the copy the browser
// already holds is reused; sw.js answers index.html from it too.
const assets = fs.readdirSync(outDir).filter((f) => f !== 'sw.js').sort()
  .map((f) => ({ path: f === 'index.html' ? './' : f, integrity: sri(read(f)) }));
const version = crypto.createHash('sha256').update(JSON.stringify(assets)).digest('hex').slice(0, 16);
let sw = read('sw.js').toString();
sw = replaceOnce(sw, '__DSMARK_BUILD_VERSION__', version, 'sw.js');
sw = replaceOnce(sw, '/* __DSMARK_ASSETS__ */ []', JSON.stringify(assets, null, 1), 'sw.js');
write('sw.js', sw);
console.error(`assembled ${outDir}: ${assets.length} files, version ${version}`);
