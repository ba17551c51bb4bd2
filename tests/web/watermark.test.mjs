// The page finds watermarks in pixels: a photo marked by `dsmark watermark embed` (then re-encoded by cjpeg) and a
// picture carrying the Stable Diffusion family's mark both show an AI verdict, named in the reader's language.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';

import { repoRoot } from '../../scripts/lib/wasm-node.mjs';
import { launchBrowser, screenshotDir, serveDir } from '../support/browser.mjs';
import { DESKTOP, assertNoPageErrors, openPage, resultOf, verdictOf } from '../support/page-helpers.mjs';

let browser, server, tmp;
before(async () => {
  browser = await launchBrowser();
  server = await serveDir();
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'dsmark-page-wm-'));
  fs.mkdirSync(screenshotDir, { recursive: true });
});
after(async () => {
  await browser?.close();
  await server?.close();
  fs.rmSync(tmp, { recursive: true, force: true });
});

const run = (cmd, args, input) => execFileSync(cmd, args, { input, maxBuffer: 1 << 28 });

test('watermarked images show an AI verdict and the watermark by name', async () => {
  const bin = path.join(repoRoot, 'build/native/bin');
  const src = path.join(tmp, 'source.png');
  run('ffmpeg', ['-loglevel', 'error', '-y', '-f', 'lavfi', '-i', 'mandelbrot=size=640x480:maxiter=300,format=rgb24',
    '-frames:v', '1', '-update', '1', src]);
  const marked = path.join(tmp, 'marked.png');
  run(path.join(bin, 'dsmark'), ['watermark', 'embed', src, marked, '--payload', 'a1b2c3d4e5f60718']);
  const ppm = run('ffmpeg', ['-loglevel', 'error', '-i', marked, '-f', 'image2pipe', '-vcodec', 'ppm', '-']);
  const reencoded = path.join(tmp, 'dsmark-mark-q70.jpg');
  fs.writeFileSync(reencoded, run('cjpeg', ['-quality', '70'], ppm));
  const files = [reencoded];
  const sdEmbed = path.join(bin, 'dsmark_sd_embed');
  if (fs.existsSync(sdEmbed)) {
    run(sdEmbed, [src, path.join(tmp, 'sdxl-mark.png'), '--message', 'sdxl', '--convention', 'float']);
    files.push(path.join(tmp, 'sdxl-mark.png'));
  }
  const page = await openPage(browser.context, server.url, { locale: 'en-GB', viewport: DESKTOP });
  await page.setInputFiles('#file', files);
  for (const f of files) assert.equal(await verdictOf(page, path.basename(f), 60000), 'ai', path.basename(f));
  const text = await resultOf(page, path.basename(reencoded)).innerText();
  assert.match(text, /dsmark image watermark/);
  assert.match(text, /a1b2c3d4e5f60718/);
  if (files.length > 1) assert.match(await resultOf(page, 'sdxl-mark.png').innerText(), /Stable Diffusion family invisible watermark[^]*SDXL/);
  assertNoPageErrors(page);
  await page.screenshot({ path: path.join(screenshotDir, 'watermarks.png'), fullPage: true });
});
