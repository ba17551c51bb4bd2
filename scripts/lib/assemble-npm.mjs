#!/usr/bin/env node
// Assembles the npm package (built, not published): node scripts/lib/assemble-npm.mjs [OUT_DIR]  (default build/npm)
// → OUT_DIR/package/ (the package folder, with its example page in example/, which is not packed) and
//   OUT_DIR/dsmark-<version>.tgz (npm pack of it). The package's own files are packages/dsmark/; the engine, the
// result view and its words are the page's modules (web/), copied as they are; the wasm's SRI hash goes into
// integrity.js and worker.js.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

import { ENGINE_FILES, VIEW_FILES, copyCore, projectVersion } from './assemble-common.mjs';
import { samplePng } from './sample-png.mjs';
import { loadDsmark, repoRoot } from './wasm-node.mjs';

const outRoot = path.resolve(process.argv[2] || path.join(repoRoot, 'build/npm'));
const src = path.join(repoRoot, 'packages/dsmark');
const dir = path.join(outRoot, 'package');
const version = projectVersion();

fs.rmSync(dir, { recursive: true, force: true });
const integrity = copyCore(dir, [...ENGINE_FILES, ...VIEW_FILES.filter((f) => f !== 'result-view.css')]);
for (const f of ['README.md', 'index.d.ts', 'widget.d.ts', 'node.js', 'browser.js', 'inputs.js', 'widget.js']) {
  fs.copyFileSync(path.join(src, f), path.join(dir, f));
}
const pkg = JSON.parse(fs.readFileSync(path.join(src, 'package.json'), 'utf8'));
pkg.version = version;
fs.writeFileSync(path.join(dir, 'package.json'), `${JSON.stringify(pkg, null, 2)}\n`);
fs.writeFileSync(path.join(dir, 'integrity.js'), `// Written by scripts/lib/assemble-npm.mjs.
/** The package's version. */
export const VERSION = '${version}';
/** Subresource Integrity (SHA-384) of dsmark_core.wasm: checked before the core runs. */
export const WASM_INTEGRITY = '${integrity}';
`);
// The widget's style sheet: the result view's, as a string for a constructable style sheet in its Shadow DOM
// (no <style> element, so pages with a strict style-src need nothing more).
const css = fs.readFileSync(path.join(repoRoot, 'web/result-view.css'), 'utf8');
fs.writeFileSync(path.join(dir, 'widget-styles.js'), `// Generated from web/result-view.css by scripts/lib/assemble-npm.mjs.\nexport const WIDGET_CSS = ${JSON.stringify(css)};\n`);

// Every file the package lists exists, and nothing it imports is left out.
for (const f of pkg.files) if (!fs.existsSync(path.join(dir, f))) throw new Error(`package.json lists ${f}, which is missing`);
for (const f of pkg.files.filter((n) => /\.m?js$/.test(n))) {
  const text = fs.readFileSync(path.join(dir, f), 'utf8');
  for (const [, ref] of text.matchAll(/(?:^import\s[^'"]*|import\()\s*['"](\.\/[^'"]+)['"]/gm)) {
    if (!pkg.files.includes(ref.slice(2))) throw new Error(`${f} imports ${ref}, which the package does not ship`);
  }
}

// The example page (served from the package folder; not in the tarball), with its pictures drawn here.
const example = path.join(dir, 'example');
fs.mkdirSync(example, { recursive: true });
for (const f of fs.readdirSync(path.join(src, 'example'))) fs.copyFileSync(path.join(src, 'example', f), path.join(example, f));
// A sentence with dsmark's text watermark, written by the core the package ships (its text attribute carries the
// invisible characters; the widget finds them through the core's text entry point).
const core = await loadDsmark();
const sentence = '这段文字看起来和普通的文字没有任何区别，但是字与字之间藏着看不见的字符，合在一起就是 dsmark 的文字水印，复制粘贴到别处以后依然可以检测出来。';
const watermarked = new TextDecoder().decode(core.embedWatermark(new TextEncoder().encode(sentence), 'text'));
const escapeAttr = (t) => t.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');
const indexHtml = path.join(example, 'index.html');
const html = fs.readFileSync(indexHtml, 'utf8');
if (!html.includes('{{WATERMARKED_TEXT}}')) throw new Error(`${indexHtml}: no {{WATERMARKED_TEXT}} placeholder`);
fs.writeFileSync(indexHtml, html.replaceAll('{{WATERMARKED_TEXT}}', escapeAttr(watermarked)));
const label = JSON.stringify({
  Label: '1', ContentProducer: '001191110102MACQD9K64010000', ProduceID: 'dsmark-example-0001', ReservedCode1: '',
  ContentPropagator: '', PropagateID: '', ReservedCode2: '',
});
fs.writeFileSync(path.join(example, 'ai-label.png'), samplePng(480, 320, { hue: 0, label }));
fs.writeFileSync(path.join(example, 'plain.png'), samplePng(480, 320, { hue: 2.2 }));

for (const f of fs.readdirSync(outRoot)) if (f.endsWith('.tgz')) fs.rmSync(path.join(outRoot, f));
const packed = JSON.parse(execFileSync('npm', ['pack', '--json', '--pack-destination', outRoot], {
  cwd: dir, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, npm_config_loglevel: 'error' },
}))[0];
fs.writeFileSync(path.join(outRoot, 'pack.json'), `${JSON.stringify(packed, null, 2)}\n`);
console.error(`npm package: ${path.relative(repoRoot, path.join(outRoot, packed.filename))} (${(packed.size / 1024).toFixed(1)} KB, ` +
  `${(packed.unpackedSize / 1024).toFixed(1)} KB unpacked, ${packed.entryCount} files)`);
