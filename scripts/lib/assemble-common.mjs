// What the browser extension and the npm package take from the page and the core, copied the same way:
// the worker (with the wasm's Subresource Integrity hash written in), its client, the result view and its words.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

import { repoRoot } from './wasm-node.mjs';

export const sri = (buf) => `sha384-${crypto.createHash('sha384').update(buf).digest('base64')}`;

export function replaceOnce(text, from, to, file) {
  const at = text.indexOf(from);
  if (at < 0 || text.indexOf(from, at + from.length) >= 0) throw new Error(`${file}: expected exactly one ${from}`);
  return text.slice(0, at) + to + text.slice(at + from.length);
}

/** The project's version, from the top-level CMakeLists.txt (the core reports the same one). */
export function projectVersion() {
  const m = /project\(dsmark VERSION (\d+\.\d+\.\d+)/.exec(fs.readFileSync(path.join(repoRoot, 'CMakeLists.txt'), 'utf8'));
  if (!m) throw new Error('CMakeLists.txt: no project(dsmark VERSION x.y.z)');
  return m[1];
}

// The engine: the core, its JS face, the worker and its client.
export const ENGINE_FILES = ['checker.js', 'worker.js', 'engine-features.js'];
// The result view and everything it says.
export const VIEW_FILES = ['result-view.js', 'result-view.css', 'explain.js', 'i18n.js', 'job-events.js'];

/** Copies the core and the listed page modules into `outDir`; the worker gets the wasm's SRI hash. Returns it. */
export function copyCore(outDir, webFiles, { wasmDir = path.join(repoRoot, 'build/wasm/bin') } = {}) {
  fs.mkdirSync(outDir, { recursive: true });
  for (const f of ['dsmark_core.mjs', 'dsmark_core.wasm']) {
    const from = path.join(wasmDir, f);
    if (!fs.existsSync(from)) throw new Error(`${from} is missing: run scripts/build-wasm.sh`);
    fs.copyFileSync(from, path.join(outDir, f));
  }
  fs.copyFileSync(path.join(repoRoot, 'wasm/dsmark-api.mjs'), path.join(outDir, 'dsmark-api.mjs'));
  for (const f of webFiles) fs.copyFileSync(path.join(repoRoot, 'web', f), path.join(outDir, f));
  const integrity = sri(fs.readFileSync(path.join(outDir, 'dsmark_core.wasm')));
  if (webFiles.includes('worker.js')) {
    const worker = path.join(outDir, 'worker.js');
    fs.writeFileSync(worker, replaceOnce(fs.readFileSync(worker, 'utf8'), "'__DSMARK_WASM_INTEGRITY__'", `'${integrity}'`, 'worker.js'));
  }
  return integrity;
}

/** Rewrites CSS rem lengths to multiples of a custom property (outside @media conditions, which cannot use one). */
export function remToVar(css, variable) {
  return css.split('\n').map((line) => (/^\s*@media/.test(line) ? line
    : line.replace(/(^|[^\w.-])(\d*\.?\d+)rem\b/g, (_, pre, n) => `${pre}calc(${n} * var(${variable}))`))).join('\n');
}
