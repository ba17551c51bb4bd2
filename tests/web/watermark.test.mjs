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
  const page = await browser.context.newPage();
  await page.addInitScript(() => Object.defineProperty(navigator, 'languages', { get: () => ['en-GB'] }));
  await page.goto(server.url);
  await page.locator('input[type=file]').setInputFiles(files);
  for (const f of files) {
    const name = path.basename(f);
    await page.waitForFunction((n) => {
      const el = [...document.querySelectorAll('.result')].find((r) => r.querySelector('.file')?.textContent === n);
      return el && el.hasAttribute('data-verdict');
    }, name, { timeout: 60000 });
    const box = page.locator('.result', { has: page.locator('.file', { hasText: name }) });
    assert.equal(await box.getAttribute('data-verdict'), 'ai', name);
  }
  await page.evaluate(() => document.querySelectorAll('details').forEach((d) => { d.open = true; }));
  const text = await page.locator('body').innerText();
  assert.match(text, /dsmark image watermark/);
  assert.match(text, /a1b2c3d4e5f60718/);
  if (files.length > 1) assert.match(text, /Stable Diffusion family invisible watermark/);
  await page.screenshot({ path: path.join(screenshotDir, 'watermarks.png'), fullPage: true });
});
