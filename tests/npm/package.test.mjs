// The npm package as npm would publish it (build/npm, scripts/build-npm.sh): what `npm pack` puts in it and how big
// it is, its exports and types, and verify() from Node on real files, installed from the tarball into a fresh
// project. Expected reports come from the same core loaded directly (scripts/lib/wasm-node.mjs).
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { pathToFileURL } from 'node:url';

import { projectVersion, sri } from '../../scripts/lib/assemble-common.mjs';
import { loadDsmark, repoRoot } from '../../scripts/lib/wasm-node.mjs';
import { DOUBAO, HIDDEN_TEXT, MARKED_TEXT, PLAIN_TEXT, watermarkedText } from '../support/ext-site.mjs';
import { writeLabelMatrix } from '../support/make-files.mjs';

const build = path.join(repoRoot, 'build/npm');
const version = projectVersion();
const tarball = path.join(build, `dsmark-${version}.tgz`);
// The whole published package: the JS API, its types, the widget, the engine and the result view, nothing else.
const FILES = [
  'README.md', 'browser.js', 'checker.js', 'dsmark-api.mjs', 'dsmark_core.mjs', 'dsmark_core.wasm', 'engine-features.js',
  'explain.js', 'i18n.js', 'index.d.ts', 'inputs.js', 'integrity.js', 'job-events.js', 'node.js', 'package.json',
  'result-view.js', 'widget-styles.js', 'widget.d.ts', 'widget.js', 'worker.js',
];
// The package may not grow past the page's own budget (scripts/bench-web.mjs: the whole page ≤ 1.5 MB gzip).
const MAX_TARBALL = 1.5 * 1024 * 1024;

const npm = (args, cwd) => execFileSync('npm', args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, npm_config_loglevel: 'error', npm_config_update_notifier: 'false' } });

let project;
let dsmark;
let core;
let files;
let server;

before(async () => {
  assert.ok(fs.existsSync(tarball), `${tarball} is missing: run scripts/build-npm.sh`);
  project = fs.mkdtempSync(path.join(os.tmpdir(), 'dsmark-npm-'));
  fs.writeFileSync(path.join(project, 'package.json'), '{"name":"consumer","private":true,"type":"module"}\n');
  npm(['install', '--offline', '--no-audit', '--no-fund', '--no-package-lock', tarball], project);
  // Resolved the way Node resolves `import 'dsmark'` in that project (the "node" condition of its exports).
  const entry = createRequire(path.join(project, 'package.json')).resolve('dsmark');
  assert.equal(path.basename(entry), 'node.js');
  dsmark = await import(pathToFileURL(entry).href);
  core = await loadDsmark();
  files = writeLabelMatrix(path.join(project, 'files'));
  server = http.createServer((req, res) => {
    const name = decodeURIComponent(req.url.slice(1));
    const file = files.find((f) => path.basename(f.file) === name);
    if (!file) return res.writeHead(404).end();
    return res.writeHead(200, { 'content-type': 'application/octet-stream' }).end(fs.readFileSync(file.file));
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
});

after(async () => {
  await new Promise((resolve) => (server ? server.close(resolve) : resolve()));
  if (project) fs.rmSync(project, { recursive: true, force: true });
});

test('npm pack: exactly the package files, and small', () => {
  const [packed] = JSON.parse(npm(['pack', '--dry-run', '--json'], path.join(build, 'package')));
  assert.deepEqual(packed.files.map((f) => f.path).sort(), FILES);
  assert.equal(packed.name, 'dsmark');
  assert.equal(packed.version, version);
  const size = fs.statSync(tarball).size;
  const wasm = packed.files.find((f) => f.path === 'dsmark_core.wasm').size;
  console.log(`# ${path.basename(tarball)}: ${(size / 1024).toFixed(1)} KB packed, ${(packed.unpackedSize / 1024).toFixed(1)} KB unpacked ` +
    `(dsmark_core.wasm ${(wasm / 1024).toFixed(1)} KB), ${packed.entryCount} files`);
  assert.ok(size <= MAX_TARBALL, `the tarball is ${size} bytes`);
  // The tarball on disk is what --dry-run describes.
  const listed = execFileSync('tar', ['-tzf', tarball], { encoding: 'utf8' }).trim().split('\n').map((l) => l.replace(/^package\//, '')).sort();
  assert.deepEqual(listed, FILES);
});

test('package.json: an ES module with types, a Node entry and a browser entry', () => {
  const pkg = JSON.parse(fs.readFileSync(path.join(project, 'node_modules/dsmark/package.json'), 'utf8'));
  assert.equal(pkg.type, 'module');
  assert.equal(pkg.license, 'Apache-2.0');
  assert.deepEqual(pkg.exports['.'], { types: './index.d.ts', node: './node.js', default: './browser.js' });
  assert.deepEqual(pkg.exports['./widget'], { types: './widget.d.ts', default: './widget.js' });
  assert.equal(pkg.exports['./dsmark_core.wasm'], './dsmark_core.wasm');
  assert.deepEqual(pkg.sideEffects, ['./widget.js']);
  assert.equal(pkg.dependencies, undefined, 'no dependencies');
});

test('the wasm ships as a file with its SRI hash; workers are files, never blob: URLs; no code from strings', () => {
  const dir = path.join(project, 'node_modules/dsmark');
  const wasm = fs.readFileSync(path.join(dir, 'dsmark_core.wasm'));
  assert.ok(wasm.equals(fs.readFileSync(path.join(repoRoot, 'build/wasm/bin/dsmark_core.wasm'))));
  assert.equal(dsmark.WASM_INTEGRITY, sri(wasm));
  assert.equal(dsmark.VERSION, version);
  assert.ok(fs.readFileSync(path.join(dir, 'worker.js'), 'utf8').includes(`'${sri(wasm)}'`), 'the worker fetches the wasm with its hash');
  for (const f of FILES.filter((n) => /\.m?js$/.test(n))) {
    const text = fs.readFileSync(path.join(dir, f), 'utf8');
    assert.ok(!/\beval\s*\(|new\s+Function\s*\(/.test(text), `${f}: code from strings`);
    for (const [call] of text.matchAll(/new Worker\([^)]*\)/g)) {
      // checker.js's own default is the same file: workerUrl = new URL('./worker.js', import.meta.url).
      if (f === 'checker.js' && call === "new Worker(this.workerUrl, { type: 'module' })") {
        assert.match(text, /workerUrl = new URL\('\.\/worker\.js', import\.meta\.url\)/);
        continue;
      }
      assert.equal(call, "new Worker(new URL('./worker.js', import.meta.url)", `${f}: ${call}`);
    }
    // No blob: URL is made anywhere but for the result view's report download.
    if (f !== 'result-view.js') assert.ok(!/createObjectURL/.test(text), `${f}: makes a blob: URL`);
  }
  assert.match(fs.readFileSync(path.join(dir, 'browser.js'), 'utf8'), /new Worker\(new URL\('\.\/worker\.js', import\.meta\.url\), \{ type: 'module' \}\)/);
});

test('verify() from Node: every GB 45438 label case, field for field the core\'s report', async () => {
  for (const f of files) {
    const bytes = fs.readFileSync(f.file);
    const want = core.verify(bytes, path.basename(f.file));
    const got = await dsmark.verify(pathToFileURL(f.file));
    assert.deepEqual(got, want, path.basename(f.file));
    assert.equal(got.verdict, f.verdict, path.basename(f.file));
  }
});

test('verify() takes Uint8Array, Buffer, ArrayBuffer, views, Blob, File, file:, http: and data: URLs', async () => {
  const f = files.find((x) => x.case === 'label1' && x.format === 'png');
  const bytes = fs.readFileSync(f.file);
  const name = path.basename(f.file);
  const want = core.verify(bytes, name);
  const ab = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.length);
  assert.deepEqual(await dsmark.verify(new Uint8Array(bytes), { name }), want);
  assert.deepEqual(await dsmark.verify(bytes, { name }), want);
  assert.deepEqual(await dsmark.verify(ab, { name }), want);
  assert.deepEqual(await dsmark.verify(new DataView(ab), { name }), want);
  assert.deepEqual(await dsmark.verify(new Blob([bytes]), { name }), want);
  assert.deepEqual(await dsmark.verify(new File([bytes], name)), want);
  assert.deepEqual(await dsmark.verify(new URL(`http://127.0.0.1:${server.address().port}/${name}`)), want);
  assert.deepEqual(await dsmark.verify(new URL(`data:image/png;base64,${bytes.toString('base64')}`), { name }), want);
  assert.equal((await dsmark.verify(bytes)).file, '', 'bytes without a name');
  // Metadata only.
  assert.equal((await dsmark.verify(bytes, { detectors: false })).verdict, 'ai');
});

test('verify() on Doubao\'s real output', { skip: !fs.existsSync(DOUBAO) && 'absent: ../shared/fixtures/vendors/doubao_black.png' }, async () => {
  const r = await dsmark.verify(pathToFileURL(DOUBAO));
  assert.equal(r.verdict, 'ai');
  assert.equal(r.marks[0].scheme, 'gb45438');
  assert.equal(r.marks[0].fields.ContentProducer, '001191110102MACQD9K64010000');
});

test('a string is text, checked by the core\'s text entry point: a label, invisible characters, the watermark', async () => {
  assert.equal((await dsmark.features()).verifyText, true, 'the core has verifyText');
  const text = '本文由人工智能生成。\u200b';
  assert.deepEqual(await dsmark.verify(text), JSON.parse(JSON.stringify(core.verifyText(text, 'text.txt'))));
  assert.equal((await dsmark.verify(text, { name: 'post.txt' })).file, 'post.txt');
  const explicit = await dsmark.verify(MARKED_TEXT);
  assert.equal(explicit.verdict, 'ai');
  assert.ok(explicit.marks.some((m) => m.scheme === 'explicit:text'), JSON.stringify(explicit.marks.map((m) => m.scheme)));
  const hidden = await dsmark.verify(HIDDEN_TEXT);
  const tags = hidden.marks.find((m) => m.scheme === 'text:invisible');
  assert.ok(tags, JSON.stringify(hidden.marks));
  assert.equal(tags.fields.kind, 'tag-characters');
  const watermarked = watermarkedText(core);
  const w = await dsmark.verify(watermarked);
  assert.ok(w.marks.some((m) => m.scheme === 'watermark:dsmark-text'), JSON.stringify(w.marks.map((m) => m.scheme)));
  assert.equal(w.verdict, 'ai');
  // Metadata only: the text detectors do not run.
  assert.ok(!(await dsmark.verify(watermarked, { detectors: false })).marks.some((m) => m.scheme === 'watermark:dsmark-text'));
  const plain = await dsmark.verify(PLAIN_TEXT);
  assert.equal(plain.verdict, 'none');
  assert.equal(plain.format, 'text');
});

test('inputs that cannot be read give an error report; wrong types and aborts reject', async () => {
  const missing = await dsmark.verify(pathToFileURL(path.join(project, 'no-such-file.png')));
  assert.equal(missing.verdict, 'error');
  assert.equal(missing.error.code, 'io');
  const notFound = await dsmark.verify(new URL(`http://127.0.0.1:${server.address().port}/nothing.png`));
  assert.equal(notFound.verdict, 'error');
  assert.match(notFound.error.message, /404/);
  const refused = await dsmark.verify(new URL('http://127.0.0.1:9/x.png'));
  assert.equal(refused.verdict, 'error');
  assert.equal((await dsmark.verify(new Uint8Array(0))).error.code, 'empty');
  for (const bad of [42, null, undefined, {}, ['x'], path.join(project, 'x.png').length]) {
    await assert.rejects(dsmark.verify(bad), TypeError);
  }
  const controller = new AbortController();
  controller.abort();
  await assert.rejects(dsmark.verify(new Uint8Array(10), { signal: controller.signal }), { name: 'AbortError' });
});

test('the types compile for a TypeScript user, and catch misuse', () => {
  const tsc = path.join(repoRoot, 'node_modules/typescript/bin/tsc');
  fs.writeFileSync(path.join(project, 'good.ts'), `
import { verify, features, WASM_INTEGRITY, type Report, type Verdict } from 'dsmark';
import type { DsmarkCheckElement } from 'dsmark/widget';
export async function main(bytes: Uint8Array, file: Blob): Promise<Verdict[]> {
  const a: Report = await verify(bytes, { name: 'a.png', detectors: false });
  const b = await verify(new URL('https://example.com/b.jpg'), { signal: new AbortController().signal, onEvent: (e) => { if (e.type === 'progress') e.loaded.toFixed(); } });
  const c = await verify('本文由人工智能生成', {});
  const d = await verify(file);
  for (const m of a.marks) { m.scheme.startsWith('watermark:'); m.fields['Label']; m.problems.join(); }
  const el = document.querySelector('dsmark-check');
  el?.addEventListener('dsmark-result', (e) => e.detail.report.verdict);
  const w: DsmarkCheckElement | null = el;
  const caps = await features();
  return [a.verdict, b.verdict, c.verdict, d.verdict, w?.verdict ?? 'none', caps.verifyText ? 'ai' : 'none', WASM_INTEGRITY ? 'none' : 'error'];
}
`);
  fs.writeFileSync(path.join(project, 'bad.ts'), `
import { verify } from 'dsmark';
export async function misuse() {
  await verify(42);
  const r = await verify('text');
  const v: 'yes' | 'no' = r.verdict;
  return v;
}
`);
  const args = ['--noEmit', '--strict', '--module', 'nodenext', '--moduleResolution', 'nodenext', '--target', 'es2022', '--lib', 'es2022,dom', '--skipLibCheck', 'false'];
  execFileSync(process.execPath, [tsc, ...args, 'good.ts'], { cwd: project, encoding: 'utf8' });
  let out = '';
  try {
    execFileSync(process.execPath, [tsc, ...args, 'bad.ts'], { cwd: project, encoding: 'utf8' });
  } catch (e) {
    out = e.stdout;
  }
  assert.match(out, /bad\.ts\(4,16\): error TS2345/, out);
  assert.match(out, /bad\.ts\(6,9\): error TS2322/, out);
});
