// Test files of every medium, written at test time with real tools (ffmpeg, exiftool, cjpeg, opusenc): the page's
// browser tests and benchmark use them. Nothing here is copied from ../shared.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

import { LABEL_1, TC260_CONFIG } from './make-files.mjs';

const run = (cmd, args) => execFileSync(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'] });
const ffmpeg = (...args) => run('ffmpeg', ['-loglevel', 'error', '-y', ...args]);

function label(src, dst, json) {
  run('exiftool', ['-config', TC260_CONFIG, '-q', '-q', `-XMP-TC260:AIGC=${json}`, '-o', dst, src]);
}

// A one-page PDF, written by hand (no PDF writer is installed); byte offsets in the xref table are exact.
function writePdf(file) {
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 100] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>',
    '<< /Length 44 >>\nstream\nBT /F1 18 Tf 20 40 Td (dsmark test) Tj ET\nendstream',
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
  ];
  let out = '%PDF-1.4\n';
  const offsets = [];
  objects.forEach((o, i) => {
    offsets.push(out.length);
    out += `${i + 1} 0 obj\n${o}\nendobj\n`;
  });
  const xref = out.length;
  out += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  for (const o of offsets) out += `${String(o).padStart(10, '0')} 00000 n \n`;
  out += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  fs.writeFileSync(file, out, 'latin1');
}

/** Writes the media set into `dir`; returns {name: path}. Expected verdicts with today's core are in `expect`. */
export function writeMediaSet(dir) {
  fs.mkdirSync(dir, { recursive: true });
  const f = (name) => path.join(dir, name);
  ffmpeg('-f', 'lavfi', '-i', 'testsrc=size=320x240', '-frames:v', '1', f('base.png'));
  label(f('base.png'), f('label1.png'), LABEL_1);
  ffmpeg('-i', f('base.png'), f('plain.jpg'));
  label(f('plain.jpg'), f('label2.jpg'), LABEL_1.replace('"Label":"1"', '"Label":"2"'));
  label(f('plain.jpg'), f('label3.jpg'), LABEL_1.replace('"Label":"1"', '"Label":"3"'));
  fs.renameSync(f('base.png'), f('plain.png'));
  run('cwebp', ['-quiet', f('plain.png'), '-o', f('plain.webp')]);
  ffmpeg('-i', f('plain.png'), f('plain.gif'));
  ffmpeg('-f', 'lavfi', '-i', 'sine=frequency=440:duration=1', f('tone.wav'));
  ffmpeg('-i', f('tone.wav'), '-c:a', 'libmp3lame', '-b:a', '64k', f('tone.mp3'));
  run('opusenc', ['--quiet', f('tone.wav'), f('tone.opus')]);
  ffmpeg('-f', 'lavfi', '-i', 'testsrc=size=160x120:rate=10', '-f', 'lavfi', '-i', 'sine=frequency=660',
    '-t', '1', '-c:v', 'libx264', '-pix_fmt', 'yuv420p', '-c:a', 'aac', '-shortest', f('clip.mp4'));
  ffmpeg('-f', 'lavfi', '-i', 'testsrc=size=160x120:rate=10', '-f', 'lavfi', '-i', 'sine=frequency=660',
    '-t', '1', '-c:v', 'libvpx', '-b:v', '200k', '-c:a', 'libopus', '-shortest', f('clip.webm'));
  writePdf(f('doc.pdf'));
  fs.writeFileSync(f('note.txt'), '这是一段普通的文字，用来测试。This is ordinary text.\n');
  // Inputs that must fail politely.
  fs.writeFileSync(f('corrupt.png'), Buffer.from('\x89PNG\r\n\x1a\n\0\0\0\x0dIHDR', 'latin1'));
  fs.writeFileSync(f('empty.jpg'), Buffer.alloc(0));
  fs.writeFileSync(f('random.bin'), Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 2654435761) >>> 24)));
  const out = {};
  for (const name of fs.readdirSync(dir)) out[name] = f(name);
  return out;
}

/** A JPEG of about `mb` megabytes (noise compresses badly), written by cjpeg from ffmpeg's PPM. */
export function writeBigJpeg(file, mb = 5) {
  const side = Math.round(Math.sqrt(mb * 1024 * 1024 / 1.3));
  const ppm = `${file}.ppm`;
  ffmpeg('-f', 'lavfi', '-i', `nullsrc=size=${side}x${side},geq=random(1)*255:128+40*sin(X/9):random(2)*255`,
    '-frames:v', '1', '-pix_fmt', 'rgb24', ppm);
  run('cjpeg', ['-quality', '95', '-outfile', file, ppm]);
  fs.rmSync(ppm);
  return file;
}

/** An H.264 MP4 of about `mb` megabytes. */
export function writeBigMp4(file, mb = 20) {
  const seconds = 8;
  const kbps = Math.round((mb * 8 * 1024) / seconds);
  ffmpeg('-f', 'lavfi', '-i', 'testsrc2=size=1280x720:rate=25', '-f', 'lavfi', '-i', 'sine=frequency=500',
    '-t', String(seconds), '-vf', 'noise=alls=40:allf=t', '-c:v', 'libx264', '-preset', 'ultrafast',
    '-b:v', `${kbps}k`, '-minrate', `${kbps}k`, '-maxrate', `${kbps}k`, '-bufsize', `${kbps}k`, '-c:a', 'aac', file);
  return file;
}
