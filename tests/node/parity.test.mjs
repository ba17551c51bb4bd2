// Native CLI and wasm build must print identical reports for the same files.
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';

import { repoRoot } from '../../scripts/lib/wasm-node.mjs';
import { ensureLabelMatrix } from '../support/label-matrix.mjs';
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

// The one documented difference (docs/audio.md): FLAC, MP3 and AAC sound is decoded by the native build (libFLAC,
// libmpg123, libfaad) but not by the wasm build, whose report says so in `sound` ({decoded: false, code:
// "unsupported"}) and in a warning (the page then decodes the sound with Web Audio and calls verifyPcm:
// tests/node/audio.test.mjs, tests/web/audio-pcm.test.mjs). For those codecs only, the audio detectors' marks, the
// `sound` object and those warnings are set aside; everything else must still be identical.
const AUDIO_SCHEMES = new Set(['explicit:audio-rhythm', 'watermark:dsmark-audio']);
const NATIVE_ONLY_CODECS = new Set(['flac', 'mp3', 'aac']);
// What the native decoders say about the sound (damage, the length limit, an MP4 edit list they could not apply).
const NATIVE_DECODER = /^(the sound could not be decoded \(.*\); it was not checked for audio marks|only the first .* of sound were checked \(the limit\)|the (MP3|FLAC|AAC) stream changes its format mid-way; .*|libmpg123 met \d+ damaged part\(s\) in the MP3 stream|libfaad met \d+ damaged AAC frame\(s\) in the sound track|the file ends inside the sound track; .*|the FLAC stream has \d+ .*|the sound track's edit list (was not applied|has \d+ edits|leaves none) .*|the sound track starts later in the clip than the limit .*|\d+ damaged block\(s\) in the AAC track were skipped)$/;
const notChecked = (sound) => `${sound.reason}; its sound was not checked for audio marks`;
function withoutNativeOnlyAudio(line) {
  const r = JSON.parse(line);
  if (!r.sound || !NATIVE_ONLY_CODECS.has(r.sound.codec)) return line;
  r.marks = r.marks.filter((m) => !AUDIO_SCHEMES.has(m.scheme));
  r.warnings = r.warnings.filter((w) => !(r.sound.decoded === false && w === notChecked(r.sound)) && !NATIVE_DECODER.test(w));
  delete r.sound;
  if (r.verdict !== 'error') {
    const rank = { ai: 3, 'possibly-ai': 2, 'suspected-ai': 1 };
    r.verdict = r.marks.reduce((v, m) => ((rank[m.claim] || 0) > (rank[v] || 0) ? m.claim : v), 'none');
  }
  return JSON.stringify(r);
}

function assertSameLines(native, wasm) {
  assert.equal(wasm.length, native.length);
  for (let i = 0; i < native.length; i++) {
    if (wasm[i] === native[i]) continue;
    assert.equal(withoutNativeOnlyAudio(wasm[i]), withoutNativeOnlyAudio(native[i]), `report ${i} differs`);
    // The wasm report must say it did not decode that sound, in `sound` and in a warning.
    const w = JSON.parse(wasm[i]);
    assert.ok(w.sound && w.sound.decoded === false && w.sound.code === 'unsupported' &&
      NATIVE_ONLY_CODECS.has(w.sound.codec), `report ${i}: wasm must say it did not decode the sound: ${wasm[i]}`);
    assert.ok(w.warnings.includes(notChecked(w.sound)), `report ${i}: ${wasm[i]}`);
  }
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

// Every GB 45438 carrier × {Label 1, 2, 3, wrapped, broken JSON, two disagreeing copies, none}, written by ExifTool,
// ffmpeg, opusenc, webpmux, zip and the project's own chunk writers (tests/support/label-matrix.mjs).
test('carrier matrix: expected verdict, scheme, carrier and problems; identical native and wasm reports', () => {
  const { dir, cases } = ensureLabelMatrix();
  const { native, wasm } = bothReports([dir]);
  assertSameLines(native, wasm);
  assert.equal(native.length, cases.length);
  const byFile = new Map(native.map((l) => [JSON.parse(l).file, JSON.parse(l)]));
  const carriers = new Set();
  for (const c of cases) {
    const r = byFile.get(c.file);
    const where = `${c.carrierId} ${c.case}: ${JSON.stringify(r)}`;
    assert.ok(r, `no report for ${c.file}`);
    assert.equal(r.format, c.format, where);
    assert.equal(r.verdict, c.verdict, where);
    // (sound this build does not decode is said in `sound` and a warning: not about the metadata carriers checked here)
    assert.deepEqual(r.warnings.filter((w) => !(r.sound && r.sound.decoded === false && w === notChecked(r.sound))), [], where);
    if (c.case === 'none') {
      assert.deepEqual(r.marks, [], where);
      continue;
    }
    assert.ok(r.marks.every((m) => m.scheme === 'gb45438' && m.kind === 'implicit-metadata'), where);
    const at = r.marks.find((m) => m.carrier === c.carrier);
    assert.ok(at, `${where}: no mark in ${c.carrier}`);
    carriers.add(c.carrier);
    if (c.case === 'disagree') {
      assert.ok(r.marks.length >= 2, where);
      assert.ok(at.problems.some((p) => /disagrees with the one in/.test(p)), where);
      assert.ok(at.problems.some((p) => /GB 45438 §6\.1 c\)/.test(p)), where);
    } else if (c.case === 'broken') {
      assert.equal(r.marks.length, 1, where);
      assert.ok(at.problems.some((p) => /not valid JSON/.test(p)), where);
      assert.equal(at.claim, 'unknown', where);
    } else {
      assert.equal(r.marks.length, 1, where);
      assert.deepEqual(at.problems, [], where);
      assert.equal(at.fields.Label, { label1: '1', label2: '2', label3: '3', wrapped: '1' }[c.case], where);
      assert.equal(at.fields.producer.provider, 'Doubao', where);
    }
  }
  assert.ok(carriers.size >= 30, `only ${carriers.size} carriers covered`);
});

test('../shared/fixtures: identical native and wasm reports', (t) => {
  if (!fs.existsSync(shared)) {
    t.skip(`../shared/fixtures is absent (${shared})`);
    return;
  }
  const { native, wasm } = bothReports([shared]);
  assert.ok(native.length >= 20);
  assertSameLines(native, wasm);
  const reports = native.map((l) => JSON.parse(l));
  const doubao = reports.find((r) => r.file.endsWith('doubao_black.png'));
  assert.equal(doubao.verdict, 'ai');
  assert.equal(doubao.marks[0].carrier, 'png:iTXt:XML:com.adobe.xmp/TC260:AIGC');
  assert.equal(doubao.marks[0].fields.producer.provider, 'Doubao');
  const midjourney = reports.find((r) => r.file.endsWith('midjourney.png'));
  assert.equal(midjourney.verdict, 'ai');
  assert.deepEqual(midjourney.marks.map((m) => [m.scheme, m.claim]), [['iptc', 'ai'], ['generator', 'ai']]);
  assert.equal(midjourney.marks[1].fields.tool, 'midjourney');
  // Hostile inputs: a report or a plain error each, never a crash (the parity run above covered the wasm side).
  for (const r of reports.filter((x) => x.file.includes('/hostile/'))) {
    assert.ok(r.verdict === 'none' || r.verdict === 'error', JSON.stringify(r));
    if (r.error) assert.match(r.error.message, /^[A-Z].*\.$/);
  }
  // Ordinary files without marks from other tools: no AI claim.
  for (const r of reports.filter((x) => x.file.includes('/c2pa-rs/sample1.') || x.file.endsWith('no_manifest.jpg'))) {
    assert.ok(r.marks.every((m) => m.claim !== 'ai'), JSON.stringify(r));
  }
});

test('unreadable paths give the same error report', () => {
  const { native, wasm } = bothReports(['/nonexistent/dsmark-file.png']);
  assertSameLines(native, wasm);
  assert.equal(JSON.parse(native[0]).error.code, 'io');
});
