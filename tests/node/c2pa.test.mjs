// C2PA in the wasm build: the same reports as the native CLI for the C2PA fixtures and for dsmark's own signed test
// files (tests/fuzz/corpus/fuzz_verify/c2pa-*), and what the key fixtures must say.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';

import { repoRoot } from '../../scripts/lib/wasm-node.mjs';

const cli = path.join(repoRoot, 'build/native/bin/dsmark');
const fixtures = path.resolve(repoRoot, '../shared/fixtures');

function reports(paths) {
  const run = (cmd, args) => spawnSync(cmd, args, { encoding: 'utf8', maxBuffer: 1 << 28 });
  const native = run(cli, ['verify', '--json', ...paths]);
  const wasm = run('node', [path.join(repoRoot, 'scripts/verify-wasm.mjs'), ...paths]);
  assert.equal(wasm.stderr, '');
  assert.equal(wasm.status, native.status);
  const n = native.stdout.trimEnd().split('\n');
  const w = wasm.stdout.trimEnd().split('\n');
  assert.equal(w.length, n.length);
  for (let i = 0; i < n.length; i++) assert.equal(w[i], n[i], `report ${i} differs between native and wasm`);
  return n.map((l) => JSON.parse(l));
}

test('dsmark-signed C2PA files: identical native and wasm reports', () => {
  const dir = path.join(repoRoot, 'tests/fuzz/corpus/fuzz_verify');
  const files = fs.readdirSync(dir).filter((f) => f.startsWith('c2pa-')).map((f) => path.join(dir, f));
  assert.ok(files.length >= 3);
  const rs = reports(files);
  const jpeg = rs.find((r) => r.file.endsWith('c2pa-es256.jpg'));
  const m = jpeg.marks.find((x) => x.scheme === 'c2pa');
  assert.equal(m.claim, 'ai');
  assert.equal(m.fields.signature_algorithm, 'ES256');
  assert.equal(m.fields.content_origin, 'ai-generated');
});

test('C2PA fixtures: identical native and wasm reports, and what they say', (t) => {
  if (!fs.existsSync(fixtures)) {
    t.skip(`../shared/fixtures is absent (${fixtures})`);
    return;
  }
  const names = ['vendors/chatgpt.png', 'c2pa-rs/C.jpg', 'c2pa-rs/XCA.jpg', 'c2pa-rs/E-sig-CA.jpg', 'c2pa-rs/CACA.jpg',
                 'c2pa-rs/cloud.jpg', 'c2pa-rs/manifest_data.c2pa', 'c2pa-rs/no_manifest.jpg'];
  const rs = reports(names.map((n) => path.join(fixtures, n)));
  const by = (n) => rs[names.indexOf(n)];
  const c2pa = (r) => r.marks.find((x) => x.scheme === 'c2pa');
  assert.equal(by('vendors/chatgpt.png').verdict, 'ai');
  assert.equal(c2pa(by('vendors/chatgpt.png')).fields.validation, 'valid-untrusted');
  assert.equal(by('c2pa-rs/C.jpg').verdict, 'none');
  assert.equal(c2pa(by('c2pa-rs/C.jpg')).claim, 'not-ai');
  assert.equal(c2pa(by('c2pa-rs/XCA.jpg')).fields.binding, 'mismatch');
  assert.match(c2pa(by('c2pa-rs/E-sig-CA.jpg')).problems.join(' '), /signature does not verify/);
  assert.equal(c2pa(by('c2pa-rs/CACA.jpg')).fields.ingredients[0].title, 'CA.jpg');
  assert.match(c2pa(by('c2pa-rs/cloud.jpg')).fields.remote_manifest_url, /^https:\/\/cai-manifests\.adobe\.com\//);
  assert.equal(by('c2pa-rs/manifest_data.c2pa').format, 'c2pa');
  assert.equal(by('c2pa-rs/no_manifest.jpg').marks.length, 0);
});
