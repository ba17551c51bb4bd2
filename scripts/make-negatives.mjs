#!/usr/bin/env node
// Writes a set of unmarked images for calibrating the watermark detectors' thresholds (no watermark of any kind):
//   node scripts/make-negatives.mjs OUT_DIR [--photos DIR] [--quick] [--no-screenshots]
// - photo variants: every image of ../shared/corpus/photos (or --photos) rescaled, cropped at odd offsets,
//   re-encoded (cjpeg q50–95, cwebp), rotated, blurred, sharpened, noised, turned grey (ffmpeg);
// - flat graphics and textures: ffmpeg's lavfi sources (test cards, gradients, fractals, cellular automata,
//   noise, solid colours, stripes and checkerboards at several periods);
// - screenshots: pages of text, tables, code and UI rendered by Chromium (playwright-core), PNG and JPEG.
// Prints how many files it wrote. Existing files are kept (re-runs only add what is missing).
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

import { repoRoot } from './lib/wasm-node.mjs';

const args = process.argv.slice(2);
const out = args.find((a) => !a.startsWith('--') && args[args.indexOf(a) - 1] !== '--photos');
if (!out) {
  console.error('usage: node scripts/make-negatives.mjs OUT_DIR [--photos DIR] [--quick] [--no-screenshots]');
  process.exit(2);
}
const photosDir = args.includes('--photos')
  ? args[args.indexOf('--photos') + 1]
  : path.resolve(repoRoot, '../shared/corpus/photos');
const quick = args.includes('--quick');
fs.mkdirSync(out, { recursive: true });

let written = 0;
function run(cmd, cmdArgs, input) {
  const r = spawnSync(cmd, cmdArgs, { input, maxBuffer: 1 << 30 });
  if (r.status !== 0) throw new Error(`${cmd} ${cmdArgs.join(' ')}: ${r.stderr}`);
  return r.stdout;
}
function make(name, fn) {
  const file = path.join(out, name);
  if (fs.existsSync(file)) return;
  fn(file);
  written++;
}
const ffmpeg = (...a) => run('ffmpeg', ['-v', 'error', '-y', ...a]);

// Photo variants.
const photos = fs.existsSync(photosDir) ? fs.readdirSync(photosDir).filter((f) => /\.(png|jpe?g)$/i.test(f)).sort() : [];
const filters = [
  ['half', 'scale=iw/2:ih/2:flags=bicubic'],
  ['x075', 'scale=iw*3/4:ih*3/4:flags=area'],
  ['x150', 'scale=iw*3/2:ih*3/2:flags=lanczos'],
  ['crop13', 'crop=iw-13:ih-7:13:7'],
  ['crop5', 'crop=iw*4/5:ih*4/5:5:3'],
  ['rot90', 'transpose=1'],
  ['blur', 'gblur=sigma=1.5'],
  ['sharp', 'unsharp=5:5:1.5'],
  ['grey', 'format=gray,format=rgb24'],
  ['noise', 'noise=alls=12:allf=t'],
  ['bright', 'eq=brightness=0.08:contrast=1.2'],
  ['dark', 'eq=brightness=-0.15'],
];
for (const p of photos) {
  const src = path.join(photosDir, p);
  const base = path.basename(p).replace(/\.[^.]+$/, '');
  make(`photo-${base}.png`, (f) => ffmpeg('-i', src, '-pix_fmt', 'rgb24', f));
  for (const [tag, vf] of quick ? filters.slice(0, 3) : filters) {
    make(`photo-${base}-${tag}.png`, (f) => ffmpeg('-i', src, '-vf', vf, '-pix_fmt', 'rgb24', f));
  }
  const ppm = run('ffmpeg', ['-v', 'error', '-i', src, '-f', 'image2pipe', '-vcodec', 'ppm', '-pix_fmt', 'rgb24', '-']);
  for (const q of quick ? [75] : [50, 75, 90, 95]) {
    make(`photo-${base}-q${q}.jpg`, (f) => fs.writeFileSync(f, run('cjpeg', ['-quality', String(q)], ppm)));
  }
  make(`photo-${base}-444q95.jpg`, (f) => fs.writeFileSync(f, run('cjpeg', ['-quality', '95', '-sample', '1x1'], ppm)));
  if (!quick) {
    make(`photo-${base}-w80.webp`, (f) => run('cwebp', ['-quiet', '-q', '80', src, '-o', f]));
  }
}

// Flat graphics and textures from ffmpeg's lavfi sources.
const sizes = quick ? ['640x480'] : ['512x512', '640x480', '1024x768', '1216x832'];
const sources = [
  ['testsrc2', 'testsrc2=size=SIZE:rate=1'],
  ['smpte', 'smptehdbars=size=SIZE:rate=1'],
  ['mandel', 'mandelbrot=size=SIZE:rate=1:maxiter=200'],
  ['cell', 'cellauto=s=SIZE:rule=110:rate=1,scale=SIZE:flags=neighbor'],
  ['life', 'life=s=SIZE:mold=10:r=1:ratio=0.4:death_color=#202040:life_color=#c0f0a0,format=rgb24'],
  ['grad', 'gradients=s=SIZE:n=5:seed=7:rate=1'],
  ['gradlin', 'gradients=s=SIZE:n=2:type=linear:seed=3:rate=1'],
  ['noise', 'color=c=gray:s=SIZE,noise=alls=60:allf=u'],
  ['solid', 'color=c=0x3a7bd5:s=SIZE'],
  ['white', 'color=c=white:s=SIZE'],
  ['black', 'color=c=black:s=SIZE'],
  ['sierp', 'sierpinski=s=SIZE:rate=1'],
  ['checker8', "color=c=white:s=SIZE,geq=lum='if(mod(floor(X/8)+floor(Y/8)\\,2)\\,230\\,25)':cb=128:cr=128"],
  ['checker13', "color=c=white:s=SIZE,geq=lum='if(mod(floor(X/13)+floor(Y/13)\\,2)\\,200\\,60)':cb=110:cr=150"],
  ['stripes4', "color=c=white:s=SIZE,geq=lum='128+100*sin(X*PI/4)':cb=128:cr=128"],
  ['stripes16', "color=c=white:s=SIZE,geq=lum='128+90*sin((X+Y)*PI/16)':cb=140:cr=120"],
  ['rings', "color=c=white:s=SIZE,geq=lum='128+100*sin(hypot(X-W/2\\,Y-H/2)/5)':cb='128+60*sin(X/40)':cr='128+60*cos(Y/33)'"],
  ['chroma', "color=c=white:s=SIZE,geq=lum=140:cb='128+100*sin(X/9)*cos(Y/7)':cr='128+90*sin(Y/11)'"],
];
for (const size of sizes) {
  for (const [tag, src] of sources) {
    const graph = src.replaceAll('SIZE', size);
    make(`synth-${tag}-${size}.png`, (f) =>
      ffmpeg('-f', 'lavfi', '-i', graph, '-frames:v', '1', '-pix_fmt', 'rgb24', '-update', '1', f));
  }
}

// Screenshots of text, tables, code and UI (Chromium).
if (!args.includes('--no-screenshots')) {
  const { launchBrowser } = await import('../tests/support/browser.mjs');
  const pages = [
    ['text', `<body style="font:16px/1.5 serif;margin:40px;max-width:760px">${`<p>${'Deep synthesis content must carry an implicit label. 深度合成内容应当添加隐式标识，并在显著位置添加显式标识。The quick brown fox jumps over the lazy dog. '.repeat(6)}</p>`.repeat(5)}</body>`],
    ['table', `<body style="font:13px sans-serif;margin:20px"><table border=1 cellspacing=0 cellpadding=4>${Array.from({ length: 40 }, (_, i) => `<tr>${Array.from({ length: 9 }, (_, j) => `<td>${(i * 37 + j * 11) % 997}.${j}</td>`).join('')}</tr>`).join('')}</table></body>`],
    ['code', `<body style="background:#1e1e1e;color:#d4d4d4;font:14px monospace;margin:0;padding:20px"><pre>${Array.from({ length: 60 }, (_, i) => `${String(i + 1).padStart(3)}  for (size_t k = 0; k < rows.size(); ++k) { sum += mag[k * cols + j]; } // ${'#'.repeat(i % 17)}`).join('\n')}</pre></body>`],
    ['ui', `<body style="margin:0;font:15px system-ui;background:#f3f4f6">${Array.from({ length: 12 }, (_, i) => `<div style="margin:12px;padding:16px;border-radius:10px;background:hsl(${i * 29},60%,${85 - (i % 3) * 10}%);box-shadow:0 2px 6px #0003"><b>Card ${i}</b> — 按钮 <button>Open</button> <input value="search ${i}"></div>`).join('')}</body>`],
  ];
  const browser = await launchBrowser();
  try {
    const page = await browser.context.newPage();
    for (const [vw, vh] of quick ? [[1280, 800]] : [[1280, 800], [390, 844], [1920, 1080]]) {
      await page.setViewportSize({ width: vw, height: vh });
      for (const [tag, html] of pages) {
        for (const type of ['png', 'jpeg']) {
          const name = `shot-${tag}-${vw}x${vh}.${type === 'png' ? 'png' : 'jpg'}`;
          if (fs.existsSync(path.join(out, name))) continue;
          await page.setContent(html);
          fs.writeFileSync(path.join(out, name), await page.screenshot({ type, fullPage: false, ...(type === 'jpeg' ? { quality: 85 } : {}) }));
          written++;
        }
      }
    }
  } finally {
    await browser.close();
  }
}
console.log(`${written} files written to ${out} (${fs.readdirSync(out).length} in all)`);
