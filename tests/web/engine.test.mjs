// Under Node: the core's JavaScript face as the page's worker uses it (wasm/dsmark-api.mjs createInput: bytes
// streamed into the core's memory once, verified twice), and the run-time detection of entry points other
// branches add (web/engine-features.js).
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';

import { loadDsmark } from '../../scripts/lib/wasm-node.mjs';
import { asReport, capabilities, wantsPcm } from '../../web/engine-features.js';
import { basePictures, LABEL_1, TC260_CONFIG } from '../support/make-files.mjs';
import { execFileSync } from 'node:child_process';

test('createInput: a file streamed in chunks gives the same reports as verify(), metadata first then detectors', async () => {
  const dsmark = await loadDsmark();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dsmark-engine-'));
  try {
    const { png } = basePictures(dir);
    const labelled = path.join(dir, 'labelled.png');
    execFileSync('exiftool', ['-config', TC260_CONFIG, '-q', '-q', `-XMP-TC260:AIGC=${LABEL_1}`, '-o', labelled, png]);
    const bytes = fs.readFileSync(labelled);
    const input = dsmark.createInput(bytes.length);
    for (let off = 0; off < bytes.length; off += 1000) input.set(bytes.subarray(off, off + 1000), off);
    assert.deepEqual(Buffer.from(input.bytes()), bytes);
    const meta = input.verify('labelled.png', { detectors: false });
    const full = input.verify('labelled.png');
    assert.equal(meta.verdict, 'ai');
    assert.equal(input.verifyJson('labelled.png'), dsmark.verifyJson(bytes, 'labelled.png'));
    assert.equal(full.verdict, 'ai');
    assert.throws(() => input.set(new Uint8Array(2), bytes.length - 1), RangeError);
    input.free();
    input.free(); // twice is harmless
    assert.throws(() => input.verify('x'), /freed/);
    const empty = dsmark.createInput(0);
    assert.equal(empty.verify('empty.bin').error.code, 'empty');
    empty.free();
    assert.equal(dsmark.createInput(4 * 1024 ** 3 - 1), null, 'more than the wasm memory can hold: null, not a crash');
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('entry points are detected at run time (stand-in objects for the API surface, not the core)', async () => {
  const real = capabilities(await loadDsmark());
  assert.match(real.version, /^\d+\.\d+\.\d+/);
  assert.equal(real.pcmSampleRate, 16000, 'the core asks for the rate its audio detectors analyse');
  assert.equal(real.verifyPcm, true);
  const audio = { verdict: 'none', media: 'audio' };
  const image = { verdict: 'none', media: 'image' };
  assert.equal(wantsPcm({}, audio), false, 'no PCM entry point: never');
  // Without needsPcm the page does not guess from the media type: the rule lives in the core only.
  const pcmOnly = { verifyPcm() {} };
  assert.equal(wantsPcm(pcmOnly, audio), false);
  assert.equal(wantsPcm(pcmOnly, { verdict: 'none', media: 'video' }), false);
  assert.equal(wantsPcm({ needsPcm: () => true }, audio), false, 'no verifyPcm: nothing to hand the samples to');
  const notDecoded = { decoded: false, codec: 'aac', decoder: null, seconds: null, code: 'unsupported', reason: 'x' };
  const decides = { verifyPcm() {}, needsPcm: (r) => r.warnings?.length > 0, pcmSampleRate: 16000 };
  assert.equal(wantsPcm(decides, audio), false, 'the core decides when it can');
  assert.equal(wantsPcm(decides, { ...audio, warnings: ['AAC not decoded'] }), true);
  // The real core's needsPcm reads `sound`, never the words of a warning.
  const core = await loadDsmark();
  assert.equal(core.needsPcm({ ...audio, sound: notDecoded }), true);
  assert.equal(core.needsPcm({ ...audio, sound: { ...notDecoded, code: 'truncated' } }), false);
  assert.equal(core.needsPcm(image), false);
  assert.equal(core.needsPcm({ ...audio, verdict: 'error', sound: notDecoded }), false);
  assert.equal(core.needsPcm({ ...audio, warnings: ['AAC audio could not be decoded in this build; its sound was not checked for audio marks'] }), false);
  assert.deepEqual(capabilities({ ...decides, verifyText() {}, version: () => '9.9.9' }),
    { version: '9.9.9', verifyText: true, verifyPcm: true, pcmSampleRate: 16000 });
  assert.deepEqual(asReport('{"verdict":"ai"}'), { verdict: 'ai' });
  assert.deepEqual(asReport({ verdict: 'ai' }), { verdict: 'ai' });
});
