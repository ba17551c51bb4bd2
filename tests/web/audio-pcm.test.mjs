// The page hands audio the wasm core does not decode (MP3, AAC in M4A, FLAC) to the core's audio detectors as PCM
// decoded by Chromium's Web Audio API (worker: need-pcm → checker.js decodeAudioToPcm → verifyPcm). Files with the
// Morse "AI" rhythm label, written at test time with ffmpeg, must be found; the same codecs without it must not;
// a file Web Audio cannot decode keeps the core's "could not be decoded" warning.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';

import { launchBrowser, serveDir } from '../support/browser.mjs';
import { assertNoPageErrors, dropFiles, openPage, resultOf, shoot, verdictOf } from '../support/page-helpers.mjs';

let browser;
let server;
let tmp;

// 16-bit mono WAV: 1.5 s of quiet noise, the label · − · · (1 kHz, 100 ms unit, long gap between A and I), 1 s more.
function labelWav(file, withLabel) {
  const rate = 44100;
  const x = new Float32Array(Math.round(rate * 4.5));
  let seed = 7;
  for (let i = 0; i < x.length; i++) {
    seed = (seed * 1103515245 + 12345) >>> 0;
    x[i] = ((seed / 2 ** 32) - 0.5) * 0.01;
  }
  if (withLabel) {
    let t = 1.5;
    const unit = 0.1;
    for (const [on, off] of [[1, 1], [3, 3], [1, 1], [1, 0]]) {
      const a = Math.round(t * rate);
      const n = Math.round(on * unit * rate);
      for (let k = 0; k < n; k++) x[a + k] += 0.4 * Math.sin((2 * Math.PI * 1000 * k) / rate) * Math.min(1, k / 150, (n - k) / 150);
      t += (on + off) * unit;
    }
  }
  const buf = Buffer.alloc(44 + x.length * 2);
  buf.write('RIFF', 0);
  buf.writeUInt32LE(36 + x.length * 2, 4);
  buf.write('WAVEfmt ', 8);
  buf.writeUInt32LE(16, 16);
  buf.writeUInt16LE(1, 20);
  buf.writeUInt16LE(1, 22);
  buf.writeUInt32LE(rate, 24);
  buf.writeUInt32LE(rate * 2, 28);
  buf.writeUInt16LE(2, 32);
  buf.writeUInt16LE(16, 34);
  buf.write('data', 36);
  buf.writeUInt32LE(x.length * 2, 40);
  x.forEach((v, i) => buf.writeInt16LE(Math.max(-32767, Math.min(32767, Math.round(v * 32767))), 44 + i * 2));
  fs.writeFileSync(file, buf);
}

const ffmpeg = (...args) => execFileSync('ffmpeg', ['-v', 'error', '-y', ...args]);

before(async () => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'dsmark-audio-pcm-'));
  labelWav(path.join(tmp, 'label.wav'), true);
  labelWav(path.join(tmp, 'plain.wav'), false);
  for (const kind of ['label', 'plain']) {
    ffmpeg('-i', path.join(tmp, `${kind}.wav`), '-c:a', 'libmp3lame', '-b:a', '64k', path.join(tmp, `${kind}.mp3`));
    ffmpeg('-i', path.join(tmp, `${kind}.wav`), '-c:a', 'aac', '-b:a', '64k', path.join(tmp, `${kind}.m4a`));
    ffmpeg('-i', path.join(tmp, `${kind}.wav`), '-c:a', 'flac', path.join(tmp, `${kind}.flac`));
  }
  // The sound of a video clip (AAC in MP4 beside H.264).
  ffmpeg('-i', path.join(tmp, 'label.wav'), '-f', 'lavfi', '-i', 'color=c=gray:s=32x32:r=5', '-c:v', 'libx264',
    '-c:a', 'aac', '-b:a', '64k', '-shortest', path.join(tmp, 'label-clip.mp4'));
  // An MP3 whose frames are damaged beyond decoding: an ID3 tag, then noise.
  const junk = Buffer.alloc(4000);
  for (let i = 0; i < junk.length; i++) junk[i] = (i * 7919) & 0xff;
  fs.writeFileSync(path.join(tmp, 'broken.mp3'), Buffer.concat([Buffer.from('ID3\x03\x00\x00\x00\x00\x00\x00', 'latin1'), junk]));
  server = await serveDir();
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await server?.close();
  fs.rmSync(tmp, { recursive: true, force: true });
});

test('MP3, AAC (M4A and an MP4 clip) and FLAC decoded by Web Audio reach the core\'s rhythm-label detector', async () => {
  const page = await openPage(browser.context, server.url, { locale: 'en' });
  const names = ['label.mp3', 'label.m4a', 'label-clip.mp4', 'label.flac', 'plain.mp3', 'plain.m4a', 'plain.flac',
    'broken.mp3'];
  await dropFiles(page, names.map((n) => path.join(tmp, n)));
  for (const n of names) {
    const verdict = await verdictOf(page, n, 60000);
    const rhythm = await resultOf(page, n).locator('.dsm-mark[data-scheme="explicit:audio-rhythm"]').count();
    if (n.startsWith('label')) {
      assert.equal(verdict, 'ai', `${n}: the label is found in the browser-decoded sound`);
      assert.equal(rhythm, 1, n);
    } else {
      assert.equal(verdict, 'none', n);
      assert.equal(rhythm, 0, n);
    }
  }
  // Web Audio could not decode it either: the core's own words stay in the report.
  const warnings = await resultOf(page, 'broken.mp3').locator('.dsm-warnings li').allTextContents();
  assert.ok(warnings.some((w) => /MP3 audio could not be decoded in this build/.test(w)), warnings.join(' | '));
  await shoot(page, 'audio-pcm');
  assertNoPageErrors(page);
  await page.close();
});
