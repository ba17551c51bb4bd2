// Audio under Node: the native CLI and the wasm build give identical reports for the sound they both decode (WAV,
// Ogg Opus, the Opus track of WebM), with the rhythm label and dsmark's watermark found; for MP3, FLAC and AAC
// (M4A/MP4, MKA/MKV), which only the native build decodes, the wasm report says so and verifyPcm (the page's Web Audio path) finds the same
// marks in the samples. Files are written at test time with sox, opusenc and ffmpeg.
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';

import { loadDsmark, repoRoot } from '../../scripts/lib/wasm-node.mjs';

const cli = path.join(repoRoot, 'build/native/bin/dsmark');
let dir;
const f = (n) => path.join(dir, n);
const run = (cmd, args) => execFileSync(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'] });

// The label · − · · at 1200 Hz, unit 90 ms, long gap, from 2 s, over quiet noise (sox: one beep per synth).
function writeLabel(out) {
  const parts = [];
  const beep = (on, off, i) => {
    const p = f(`beep${i}.wav`);
    run('sox', ['-R', '-n', '-r', '48000', '-c', '1', '-b', '16', p, 'synth', String(on), 'sine', '1200', 'gain', '-8',
      'fade', '0.004', String(on), '0.004', 'pad', '0', String(off)]);
    parts.push(p);
  };
  run('sox', ['-R', '-n', '-r', '48000', '-c', '1', '-b', '16', f('lead.wav'), 'trim', '0', '2']);
  parts.push(f('lead.wav'));
  [[1, 1], [3, 3], [1, 1], [1, 12]].forEach(([on, off], i) => beep(on * 0.09, off * 0.09, i));
  run('sox', ['-R', ...parts, f('label-clean.wav')]);
  run('sox', ['-R', f('label-clean.wav'), f('noise.wav'), 'synth', 'whitenoise', 'gain', '-50']);
  run('sox', ['-R', '-m', '-v', '1', f('label-clean.wav'), '-v', '1', f('noise.wav'), out]);
}

before(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dsmark-audio-'));
  writeLabel(f('label.wav'));
  run('opusenc', ['--quiet', '--bitrate', '32', f('label.wav'), f('label.opus')]);
  run('ffmpeg', ['-v', 'error', '-y', '-i', f('label.wav'), '-f', 'lavfi', '-i', 'color=c=gray:s=32x32:d=4',
    '-c:a', 'libopus', '-b:a', '32k', '-c:v', 'libvpx-vp9', '-shortest', f('label-clip.webm')]);
  run('ffmpeg', ['-v', 'error', '-y', '-i', f('label.wav'), '-c:a', 'libmp3lame', '-b:a', '64k', f('label.mp3')]);
  run('ffmpeg', ['-v', 'error', '-y', '-i', f('label.wav'), '-c:a', 'flac', f('label.flac')]);
  run('ffmpeg', ['-v', 'error', '-y', '-i', f('label.wav'), '-c:a', 'aac', '-b:a', '64k', f('label.m4a')]);
  run('ffmpeg', ['-v', 'error', '-y', '-i', f('label.wav'), '-f', 'lavfi', '-i', 'color=c=gray:s=32x32:d=4',
    '-c:a', 'aac', '-b:a', '64k', '-c:v', 'libx264', '-shortest', f('label-clip.mp4')]);
  // AAC in Matroska (audio only, and the track of a video clip), and MP3 in MP4 (an edit list of 1105 samples).
  run('ffmpeg', ['-v', 'error', '-y', '-i', f('label.wav'), '-c:a', 'aac', '-b:a', '64k', f('label.mka')]);
  run('ffmpeg', ['-v', 'error', '-y', '-i', f('label.wav'), '-f', 'lavfi', '-i', 'color=c=gray:s=32x32:d=4',
    '-c:a', 'aac', '-b:a', '64k', '-c:v', 'libx264', '-shortest', f('label-clip.mkv')]);
  run('ffmpeg', ['-v', 'error', '-y', '-i', f('label.wav'), '-c:a', 'libmp3lame', '-b:a', '64k', f('label-mp3.mp4')]);
  // 12 s of sound marked by the CLI (WAV and Opus out), and its unmarked host: espeak-ng Mandarin speech, as
  // tests/data/audio/make-aac.sh makes it (sparse plucked notes have too few loud blocks for the mark).
  run('espeak-ng', ['-v', 'cmn', '-s', '150', '-w', f('speech.wav'),
    '这是一段由人工智能生成的语音，请注意识别。今天天气很好，我们一起去公园散步吧。']);
  run('sox', ['-R', f('speech.wav'), '-r', '44100', '-c', '2', '-b', '16', f('host.wav'), 'repeat', '3', 'trim', '0', '12',
    'norm', '-3']);
  run(cli, ['watermark', 'embed', f('host.wav'), f('marked.wav'), '--payload', '0badf00d']);
  run(cli, ['watermark', 'embed', f('host.wav'), f('marked.opus'), '--payload', '0badf00d']);
});

after(() => fs.rmSync(dir, { recursive: true, force: true }));

const schemes = (r) => r.marks.map((m) => m.scheme);

test('WAV, Ogg Opus and WebM: identical native and wasm reports, marks found', () => {
  const files = ['label.wav', 'label.opus', 'label-clip.webm', 'marked.wav', 'marked.opus', 'host.wav'].map(f);
  const native = spawnSync(cli, ['verify', '--json', ...files], { encoding: 'utf8' });
  const wasm = spawnSync('node', [path.join(repoRoot, 'scripts/verify-wasm.mjs'), ...files], { encoding: 'utf8' });
  assert.equal(native.stderr, '');
  assert.equal(wasm.stderr, '');
  const n = native.stdout.trimEnd().split('\n');
  const w = wasm.stdout.trimEnd().split('\n');
  assert.equal(w.length, files.length);
  for (let i = 0; i < files.length; i++) assert.equal(w[i], n[i], `${path.basename(files[i])}: reports differ`);
  const r = n.map((l) => JSON.parse(l));
  for (const i of [0, 1, 2]) {
    assert.deepEqual(schemes(r[i]), ['explicit:audio-rhythm'], JSON.stringify(r[i]));
    assert.ok(Math.abs(r[i].marks[0].fields.start_s - 2) < 0.05, JSON.stringify(r[i].marks[0]));
  }
  assert.match(r[2].marks[0].carrier, /^webm:opus\[track=[12]\]$/); // ffmpeg numbers the video track first
  for (const i of [3, 4]) {
    const m = r[i].marks.find((x) => x.scheme === 'watermark:dsmark-audio');
    assert.ok(m, JSON.stringify(r[i]));
    assert.equal(m.fields.payload, '0badf00d');
    assert.ok(m.fields.p_value <= 1e-9);
  }
  assert.deepEqual(r[5].marks, []);
});

test('MP3, FLAC and AAC (M4A, MP4 clip, MKA, MKV clip): the wasm report says it could not decode them; verifyPcm finds the label in their samples', async () => {
  const dsmark = await loadDsmark();
  const codecOf = { 'label.mp3': 'mp3', 'label.flac': 'flac', 'label.m4a': 'aac', 'label-clip.mp4': 'aac',
    'label.mka': 'aac', 'label-clip.mkv': 'aac', 'label-mp3.mp4': 'mp3' };
  for (const name of Object.keys(codecOf)) {
    const bytes = new Uint8Array(fs.readFileSync(f(name)));
    const native = JSON.parse(run(cli, ['verify', '--json', f(name)]).toString());
    assert.deepEqual(schemes(native), ['explicit:audio-rhythm'], `native decodes ${name}: ${JSON.stringify(native)}`);
    assert.equal(native.sound.decoded, true, name);
    assert.equal(native.sound.decoder, 'dsmark', name);
    assert.equal(native.sound.codec, codecOf[name], name);
    const report = dsmark.verify(bytes, name);
    if (dsmark.needsPcm(report)) {
      assert.deepEqual(report.marks, []);
      assert.deepEqual({ ...report.sound, reason: null },
        { decoded: false, codec: codecOf[name], decoder: null, seconds: null, code: 'unsupported', reason: null }, name);
      assert.ok(report.warnings.some((x) => x.startsWith(report.sound.reason)), JSON.stringify(report));
      // What the page does with Web Audio, here with ffmpeg: 16 kHz float samples.
      const raw = run('ffmpeg', ['-v', 'error', '-i', f(name), '-f', 'f32le', '-ac', '1', '-ar', '16000', '-']);
      const samples = new Float32Array(raw.buffer, raw.byteOffset, raw.length / 4);
      const viaPcm = dsmark.verifyPcm(bytes, name, { sampleRate: 16000, channels: [samples.slice()] });
      assert.deepEqual(schemes(viaPcm), ['explicit:audio-rhythm'], JSON.stringify(viaPcm));
      assert.equal(viaPcm.marks[0].carrier, 'pcm');
      assert.equal(viaPcm.sound.decoded, true);
      assert.equal(viaPcm.sound.decoder, 'caller');
      assert.equal(viaPcm.sound.codec, codecOf[name], 'the codec is named without decoding');
      assert.equal(viaPcm.format, native.format);
      assert.ok(Math.abs(viaPcm.marks[0].fields.start_s - native.marks[0].fields.start_s) < 0.05);
    } else {
      assert.equal(JSON.stringify(report), JSON.stringify(native), `${name}: this wasm build decodes it itself`);
    }
  }
  // Empty bytes with samples, and samples of different lengths.
  const only = dsmark.verifyPcm(new Uint8Array(0), 'samples', { sampleRate: 8000, channels: [new Float32Array(8000)] });
  assert.equal(only.verdict, 'none');
  assert.throws(() => dsmark.verifyPcm(new Uint8Array(0), 'x', { sampleRate: 8000, channels: [new Float32Array(2), new Float32Array(3)] }));
});

// dsmark's decoding against ffmpeg's (`ffmpeg -i X -f f32le`), on files ffmpeg wrote: MP4's edit list drops the
// encoder's priming as ffmpeg does, and also cuts the last frame's padding at the edit's end (ffmpeg 5.1 keeps it:
// less than one frame more); Matroska has no edit list and ffmpeg writes no CodecDelay for AAC, so the priming
// plays in both. The label is then where it is in the WAV (MP4) or one AAC frame later (Matroska), natively.
test('native decoding lines up with ffmpeg: edit lists in M4A/MP4, AAC in MKA/MKV', () => {
  const report = (name) => JSON.parse(run(cli, ['verify', '--json', f(name)]).toString());
  const ffmpegSamples = (name) => run('ffmpeg', ['-v', 'error', '-i', f(name), '-map', '0:a', '-ac', '1', '-f', 'f32le',
    '-c:a', 'pcm_f32le', '-']).length / 4;
  const wav = report('label.wav');
  const start = (r) => r.marks.find((m) => m.scheme === 'explicit:audio-rhythm').fields.start_s;
  for (const [name, frame, priming] of [['label.m4a', 1024, 0], ['label-clip.mp4', 1024, 0], ['label-mp3.mp4', 1152, 0],
    ['label.mka', 1024, 1024], ['label-clip.mkv', 1024, 1024]]) {
    const r = report(name);
    assert.equal(r.sound.decoded, true, name);
    assert.deepEqual(r.warnings, [], name);
    const ours = Math.round(r.sound.seconds * 48000);
    const theirs = ffmpegSamples(name);
    if (priming) {
      assert.ok(Math.abs(ours - theirs) <= 48, `${name}: dsmark ${ours} samples, ffmpeg ${theirs}`);
    } else {
      assert.ok(theirs - ours >= -48 && theirs - ours < frame + 48, `${name}: dsmark ${ours} samples, ffmpeg ${theirs}`);
      // (the clips end with their 4 s of video: -shortest)
      if (!name.includes('clip')) assert.ok(Math.abs(r.sound.seconds - wav.sound.seconds) <= 0.001, `${name}: ${r.sound.seconds} s`);
    }
    // Within 10 ms: the detector's onsets move by a few ms with the codec's changes to the envelope (measured up to
    // 8 ms), while a priming left in or cut twice moves the label by a whole frame (21-24 ms).
    const shift = start(r) - start(wav);
    assert.ok(Math.abs(shift - priming / 48000) <= 0.010, `${name}: the label starts ${shift} s after the WAV's`);
  }
});

// Matroska block timestamps: a sound track that starts late and one with a gap are placed at their times, as
// `ffmpeg -copyts … -af aresample=async=1:first_pts=0` places them (the sound at its time: -copyts keeps the
// timestamps, first_pts=0 writes the silence before a late start, async=1 fills gaps over 100 ms), natively and in
// wasm alike; the label is reported where it plays. (tests/core/audio_block_time_test.cc compares the samples.)
test('Opus in WebM/MKA that starts late or has a gap: placed at its block times, like ffmpeg, native = wasm', () => {
  const webm = f('label-late.webm');
  const mka = f('label-gap.mka');
  run('ffmpeg', ['-v', 'error', '-y', '-itsoffset', '1.5', '-i', f('label.wav'), '-c:a', 'libopus', '-b:a', '32k', webm]);
  run('ffmpeg', ['-v', 'error', '-y', '-i', f('label.wav'), '-c:a', 'libopus', '-b:a', '32k', f('label-plain.mka')]);
  // Blocks from 1 s on, 1 s later: the label (from 2 s) plays at 3 s.
  run('ffmpeg', ['-v', 'error', '-y', '-i', f('label-plain.mka'), '-c', 'copy', '-bsf:a',
    'setts=ts=TS+if(gte(TS\\,1000)\\,1000\\,0)', mka]);
  const files = [f('label.wav'), webm, mka];
  const native = spawnSync(cli, ['verify', '--json', ...files], { encoding: 'utf8' });
  const wasm = spawnSync('node', [path.join(repoRoot, 'scripts/verify-wasm.mjs'), ...files], { encoding: 'utf8' });
  assert.equal(native.stderr, '');
  assert.equal(wasm.stderr, '');
  assert.equal(wasm.stdout, native.stdout);
  const [wav, late, gap] = native.stdout.trimEnd().split('\n').map((l) => JSON.parse(l));
  const start = (r) => r.marks.find((m) => m.scheme === 'explicit:audio-rhythm').fields.start_s;
  const placed = (name) => {
    run('ffmpeg', ['-v', 'error', '-y', '-copyts', '-i', name, '-map', '0:a:0', '-af', 'aresample=async=1:first_pts=0',
      '-ac', '1', '-f', 'f32le', '-c:a', 'pcm_f32le', f('placed.f32')]);
    return fs.statSync(f('placed.f32')).size / 4;
  };
  assert.deepEqual(late.warnings, []);
  assert.ok(Math.abs(start(late) - start(wav) - 1.5) <= 0.010, `late: the label at ${start(late)} s`);
  assert.ok(Math.abs(late.sound.seconds * 48000 - placed(webm)) <= 48, `late: ${late.sound.seconds} s, ffmpeg ${placed(webm)}`);
  assert.equal(gap.warnings.length, 1, JSON.stringify(gap.warnings));
  assert.match(gap.warnings[0], /^the sound track's block timestamps leave 1 gap\(s\), 1\.0\d\d s in all, the first at 0\.99\d s; they were filled with silence/);
  assert.ok(Math.abs(start(gap) - start(wav) - 1) <= 0.010, `gap: the label at ${start(gap)} s`);
  // ffmpeg rounds CodecDelay (6.5 ms) to the 1 ms tick before it places a block: its gap is 0.5 ms shorter.
  assert.ok(Math.abs(gap.sound.seconds * 48000 - placed(mka)) <= 48, `gap: ${gap.sound.seconds} s, ffmpeg ${placed(mka)}`);
});

test('the dsmark audio mark of an M4A is read the same after remuxing into Matroska', () => {
  const m4a = path.join(repoRoot, 'tests/data/audio/marked-aac.m4a');
  run('ffmpeg', ['-v', 'error', '-y', '-i', m4a, '-c', 'copy', f('marked-aac.mka')]);
  const a = JSON.parse(run(cli, ['verify', '--json', m4a]).toString());
  const b = JSON.parse(run(cli, ['verify', '--json', f('marked-aac.mka')]).toString());
  const mark = (r) => r.marks.find((m) => m.scheme === 'watermark:dsmark-audio');
  assert.ok(mark(a) && mark(b), JSON.stringify(b));
  assert.equal(mark(b).fields.payload, mark(a).fields.payload);
  assert.equal(b.verdict, a.verdict);
  assert.match(mark(b).carrier, /^mkv:aac\[track=1\]$/);
});

test('a watermark embedded by the wasm build is read by the native CLI', async () => {
  const dsmark = await loadDsmark();
  const out = dsmark.embedWatermark(new Uint8Array(fs.readFileSync(f('host.wav'))), 'wav', 'a1b2c3d4');
  fs.writeFileSync(f('wasm-marked.wav'), out);
  const r = JSON.parse(run(cli, ['verify', '--json', f('wasm-marked.wav')]).toString());
  const m = r.marks.find((x) => x.scheme === 'watermark:dsmark-audio');
  assert.ok(m, JSON.stringify(r));
  assert.equal(m.fields.payload, 'a1b2c3d4');
});
