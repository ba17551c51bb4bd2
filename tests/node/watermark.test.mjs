// Image watermarks end to end: `dsmark watermark embed` and the wasm embedWatermark write the same bytes; marked,
// attacked, unmarked and hostile images give identical native and wasm reports; marks are found with their payload
// and nothing is found on unmarked images.
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import zlib from 'node:zlib';

import { loadDsmark, repoRoot } from '../../scripts/lib/wasm-node.mjs';

const bin = path.join(repoRoot, 'build/native/bin');
const cli = path.join(bin, 'dsmark');
const sdEmbed = path.join(bin, 'dsmark_sd_embed');
const run = (cmd, args, input) => execFileSync(cmd, args, { input, stdio: ['pipe', 'pipe', 'pipe'], maxBuffer: 1 << 28 });
const ffmpeg = (...a) => run('ffmpeg', ['-loglevel', 'error', '-y', ...a]);

function bothReports(paths) {
  const native = spawnSync(cli, ['verify', '--json', ...paths], { encoding: 'utf8', maxBuffer: 1 << 28 });
  const wasm = spawnSync('node', [path.join(repoRoot, 'scripts/verify-wasm.mjs'), ...paths], { encoding: 'utf8', maxBuffer: 1 << 28 });
  assert.equal(native.stderr, '');
  assert.equal(wasm.stderr, '');
  const n = native.stdout.trimEnd().split('\n'), w = wasm.stdout.trimEnd().split('\n');
  assert.equal(w.length, n.length);
  for (let i = 0; i < n.length; i++) assert.equal(w[i], n[i], `report ${i} differs`);
  return new Map(n.map((l) => [path.basename(JSON.parse(l).file), JSON.parse(l)]));
}
const marks = (r, scheme) => r.marks.filter((m) => m.scheme === scheme);

// A PNG chunk with its CRC.
function chunk(type, data) {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(zlib.crc32 ? zlib.crc32(body) : crc32(body));
  return Buffer.concat([len, body, crc]);
}
function crc32(buf) {
  let c = ~0;
  for (const b of buf) {
    c ^= b;
    for (let k = 0; k < 8; k++) c = (c >>> 1) ^ (0xedb88320 & -(c & 1));
  }
  return ~c >>> 0;
}

test('dsmark-image: CLI and wasm embed the same bytes; marks survive attacks; natives and wasm agree', async (t) => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dsmark-wm-'));
  t.after(() => fs.rmSync(dir, { recursive: true, force: true }));
  const src = path.join(dir, 'original.png');
  ffmpeg('-f', 'lavfi', '-i', 'mandelbrot=size=640x480:maxiter=300,format=rgb24', '-frames:v', '1', '-update', '1', src);
  const dsmark = await loadDsmark();
  const input = fs.readFileSync(src);
  for (const [ext, fmt] of [['png', 'png'], ['jpg', 'jpeg'], ['webp', 'webp']]) {
    const out = path.join(dir, `marked.${ext}`);
    run(cli, ['watermark', 'embed', src, out, '--payload', 'C0FFEE00D15EA5E5']);
    const fromWasm = dsmark.embedWatermark(input, fmt, 'c0ffee00d15ea5e5');
    assert.ok(Buffer.from(fromWasm).equals(fs.readFileSync(out)), `${fmt}: wasm and CLI outputs differ`);
  }
  // Attacks with real tools.
  const marked = path.join(dir, 'marked.png');
  const ppm = run('ffmpeg', ['-loglevel', 'error', '-i', marked, '-f', 'image2pipe', '-vcodec', 'ppm', '-']);
  fs.writeFileSync(path.join(dir, 'attacked-q50.jpg'), run('cjpeg', ['-quality', '50'], ppm));
  ffmpeg('-i', marked, '-vf', 'scale=iw/2:ih/2', path.join(dir, 'attacked-half.png'));
  ffmpeg('-i', marked, '-vf', 'crop=554:416:47:31', path.join(dir, 'attacked-crop.png'));
  const reports = bothReports([dir]);
  for (const name of ['marked.png', 'marked.jpg', 'marked.webp', 'attacked-q50.jpg', 'attacked-half.png', 'attacked-crop.png']) {
    const r = reports.get(name);
    const m = marks(r, 'watermark:dsmark-image');
    assert.equal(m.length, 1, `${name}: ${JSON.stringify(r)}`);
    assert.equal(m[0].fields.payload, 'c0ffee00d15ea5e5');
    assert.ok(m[0].fields.p_value <= 4 * 2 ** -32);
    assert.equal(r.verdict, 'ai');
  }
  assert.deepEqual(reports.get('original.png').marks, []);
  // --metadata-only skips the detectors, as the wasm API's {detectors: false} does, with the same report.
  const metaOnly = JSON.parse(run(cli, ['verify', '--json', '--metadata-only', marked]).toString());
  assert.equal(metaOnly.verdict, 'none');
  assert.deepEqual(marks(metaOnly, 'watermark:dsmark-image'), []);
  assert.equal(JSON.stringify(metaOnly), dsmark.verifyJson(fs.readFileSync(marked), marked, { detectors: false }));
  // Refusals are plain errors from wasm too.
  assert.throws(() => dsmark.embedWatermark(input, 'png', '00'.repeat(9)), /64 bits/);
});

test('sd-dwtdct: replica-marked images found, identical native and wasm reports', { skip: !fs.existsSync(sdEmbed) && 'dsmark_sd_embed not built' }, async (t) => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dsmark-sd-'));
  t.after(() => fs.rmSync(dir, { recursive: true, force: true }));
  const src = path.join(dir, 'base.png');
  // A colourful, detailed picture (a flat test card would lose the float-convention mark to clamping, as the
  // real encoder does on saturated flat colours).
  ffmpeg('-f', 'lavfi', '-i', 'mandelbrot=size=512x512:maxiter=300,format=rgb24', '-frames:v', '1', '-update', '1', src);
  const cases = [['sd1', 'uint8'], ['sd2', 'uint8'], ['sdxl', 'float'], ['flux', 'float']];
  for (const [message, convention] of cases) run(sdEmbed, [src, path.join(dir, `${message}.png`), '--message', message, '--convention', convention]);
  const reports = bothReports([dir]);
  const names = { sd1: 'StableDiffusionV1', sd2: 'SDV2', sdxl: 'SDXL', flux: 'FLUX.1' };
  for (const [message] of cases) {
    const m = marks(reports.get(`${message}.png`), 'watermark:sd-dwtdct');
    assert.equal(m.length, 1, message);
    assert.equal(m[0].fields.message, names[message]);
    assert.equal(m[0].fields.bit_errors, 0);
  }
  assert.deepEqual(marks(reports.get('base.png'), 'watermark:sd-dwtdct'), []);
});

test('hostile images: huge declared sizes and truncated data give reports, identical native and wasm', (t) => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dsmark-hostile-'));
  t.after(() => fs.rmSync(dir, { recursive: true, force: true }));
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(1 << 30, 0);
  ihdr.writeUInt32BE(1 << 30, 4);
  ihdr.set([8, 2, 0, 0, 0], 8);
  fs.writeFileSync(path.join(dir, 'huge.png'), Buffer.concat([Buffer.from('\x89PNG\r\n\x1a\n', 'latin1'),
    chunk('IHDR', ihdr), chunk('IDAT', zlib.deflateSync(Buffer.alloc(64))), chunk('IEND', Buffer.alloc(0))]));
  ffmpeg('-f', 'lavfi', '-i', 'testsrc2=size=400x300', '-frames:v', '1', '-update', '1', path.join(dir, 'whole.jpg'));
  const jpg = fs.readFileSync(path.join(dir, 'whole.jpg'));
  fs.writeFileSync(path.join(dir, 'cut.jpg'), jpg.subarray(0, Math.floor(jpg.length / 2)));
  ffmpeg('-f', 'lavfi', '-i', 'testsrc2=size=400x300', '-frames:v', '1', '-update', '1', path.join(dir, 'whole.png'));
  const png = fs.readFileSync(path.join(dir, 'whole.png'));
  fs.writeFileSync(path.join(dir, 'cut.png'), png.subarray(0, Math.floor(png.length / 2)));
  const gif = Buffer.from([...Buffer.from('GIF89a'), 0xff, 0xff, 0xff, 0xff, 0x80, 0, 0, 0, 0, 0, 255, 255, 255,
    0x2c, 0, 0, 0, 0, 1, 0, 1, 0, 0, 2, 2, 0x44, 1, 0, 0x3b]);
  fs.writeFileSync(path.join(dir, 'huge.gif'), gif);
  const t0 = Date.now();
  const reports = bothReports([dir]);
  assert.ok(Date.now() - t0 < 60000);
  for (const name of ['huge.png', 'huge.gif']) {
    const r = reports.get(name);
    assert.ok(r.warnings.some((w) => /more than the limit/.test(w)), `${name}: ${JSON.stringify(r.warnings)}`);
  }
  assert.ok(reports.get('cut.jpg').warnings.some((w) => /ends early/.test(w)));
  assert.ok(reports.get('cut.png').warnings.some((w) => /could not be decoded/.test(w)));
  for (const r of reports.values()) assert.deepEqual(r.marks.filter((m) => m.scheme.startsWith('watermark:')), []);
});
