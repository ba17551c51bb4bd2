// Native CLI and wasm build must print identical reports for the same files.
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';

import { repoRoot } from '../../scripts/lib/wasm-node.mjs';
import { writeLabelMatrix } from '../support/make-files.mjs';

const cli = path.join(repoRoot, 'build/native/bin/dsmark');
const shared = path.resolve(repoRoot, '../shared/fixtures');

function bothReports(paths) {
  const native = spawnSync(cli, ['verify', '--json', ...paths], { encoding: 'utf8', maxBuffer: 1 << 28 });
  const wasm = spawnSync('node', [path.join(repoRoot, 'scripts/verify-wasm.mjs'), ...paths], {
    encoding: 'utf8',
    maxBuffer: 1 << 28,
  });
  assert.equal(native.stderr, '', 'the CLI wrote to stderr');
  assert.equal(wasm.stderr, '', 'verify-wasm wrote to stderr');
  assert.equal(wasm.status, native.status, 'exit statuses differ');
  return { native: native.stdout.trimEnd().split('\n'), wasm: wasm.stdout.trimEnd().split('\n') };
}

function assertSameLines(native, wasm) {
  assert.equal(wasm.length, native.length);
  for (let i = 0; i < native.length; i++) assert.equal(wasm[i], native[i], `report ${i} differs`);
}

test('label matrix written by exiftool/webpmux: expected verdicts, identical native and wasm reports', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dsmark-parity-'));
  try {
    const cases = writeLabelMatrix(dir);
    const { native, wasm } = bothReports([dir]);
    assertSameLines(native, wasm);
    const byFile = new Map(native.map((l) => [JSON.parse(l).file, JSON.parse(l)]));
    for (const c of cases) {
      const r = byFile.get(c.file);
      assert.ok(r, `no report for ${c.file}`);
      assert.equal(r.format, c.format, c.file);
      assert.equal(r.verdict, c.verdict, `${c.file}: ${JSON.stringify(r)}`);
      if (c.case === 'none') {
        assert.deepEqual(r.marks, [], c.file);
        continue;
      }
      assert.equal(r.marks.length, 1, c.file);
      const m = r.marks[0];
      assert.equal(m.scheme, 'gb45438');
      assert.match(m.carrier, /(png:iTXt:XML:com\.adobe\.xmp|jpeg:APP1:xmp|webp:XMP)\/TC260:AIGC$/);
      assert.equal(m.problems.length > 0, c.problems, `${c.file}: ${JSON.stringify(m.problems)}`);
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('../shared/fixtures: identical native and wasm reports', (t) => {
  if (!fs.existsSync(shared)) {
    t.skip(`../shared/fixtures is absent (${shared})`);
    return;
  }
  const { native, wasm } = bothReports([shared]);
  assert.ok(native.length >= 20);
  assertSameLines(native, wasm);
  const doubao = native.map((l) => JSON.parse(l)).find((r) => r.file.endsWith('doubao_black.png'));
  assert.equal(doubao.verdict, 'ai');
});

test('unreadable paths give the same error report', () => {
  const { native, wasm } = bothReports(['/nonexistent/dsmark-file.png']);
  assertSameLines(native, wasm);
  assert.equal(JSON.parse(native[0]).error.code, 'io');
});
