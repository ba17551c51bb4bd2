// Writes test files with real third-party tools (ffmpeg, exiftool, webpmux): the GB 45438 label matrix.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
export const TC260_CONFIG = path.join(here, 'tc260.exiftool.config');

const run = (cmd, args) => execFileSync(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'] });

export const LABEL_1 = JSON.stringify({
  Label: '1', ContentProducer: '001191110102MACQD9K64010000', ProduceID: 'dsmark-test-0001', ReservedCode1: '',
  ContentPropagator: '', PropagateID: '', ReservedCode2: '',
});

// name → {json (null: no label), shorthand (attribute form), verdict, problems (some expected or none)}
export const LABEL_CASES = {
  label1: { json: LABEL_1, verdict: 'ai', problems: false },
  label2: { json: LABEL_1.replace('"Label":"1"', '"Label":"2"'), verdict: 'possibly-ai', problems: false },
  label3: { json: LABEL_1.replace('"Label":"1"', '"Label":"3"'), verdict: 'suspected-ai', problems: false },
  attribute: { json: LABEL_1, shorthand: true, verdict: 'ai', problems: false },
  wrapped: { json: `{"AIGC":${LABEL_1}}`, verdict: 'ai', problems: false },
  broken: { json: '{Label:1, ContentProducer:x', verdict: 'none', problems: true },
  none: { json: null, verdict: 'none', problems: false },
};

export function basePictures(dir) {
  const png = path.join(dir, 'base.png');
  run('ffmpeg', ['-loglevel', 'error', '-y', '-f', 'lavfi', '-i', 'testsrc=size=96x64', '-frames:v', '1', png]);
  const jpg = path.join(dir, 'base.jpg');
  run('ffmpeg', ['-loglevel', 'error', '-y', '-i', png, jpg]);
  const webp = path.join(dir, 'base.webp');
  run('cwebp', ['-quiet', png, '-o', webp]);
  return { png, jpg, webp };
}

function exiftoolLabel(src, dst, json, shorthand) {
  const args = ['-config', TC260_CONFIG, '-q', '-q'];
  if (shorthand) args.push('-api', 'Compact=Shorthand');
  args.push(`-XMP-TC260:AIGC=${json}`, '-o', dst, src);
  run('exiftool', args);
}

// Writes every label case into JPEG, PNG and WebP under `dir`; returns [{file, case, format, verdict, problems}].
export function writeLabelMatrix(dir) {
  fs.mkdirSync(dir, { recursive: true });
  const base = basePictures(dir);
  const out = [];
  for (const [name, c] of Object.entries(LABEL_CASES)) {
    for (const format of ['jpeg', 'png', 'webp']) {
      const ext = format === 'jpeg' ? 'jpg' : format;
      const file = path.join(dir, `${name}.${ext}`);
      if (c.json === null) {
        fs.copyFileSync(format === 'jpeg' ? base.jpg : format === 'png' ? base.png : base.webp, file);
      } else if (format === 'webp') {
        // ExifTool 12.57 cannot write WebP: take the XMP it writes for a PNG and put it in with webpmux.
        const tmp = path.join(dir, `${name}.xmp-source.png`);
        exiftoolLabel(base.png, tmp, c.json, c.shorthand);
        const xmp = path.join(dir, `${name}.xmp`);
        fs.writeFileSync(xmp, run('exiftool', ['-b', '-XMP', tmp]));
        run('webpmux', ['-set', 'xmp', xmp, base.webp, '-o', file]);
        fs.rmSync(tmp);
        fs.rmSync(xmp);
      } else {
        exiftoolLabel(format === 'jpeg' ? base.jpg : base.png, file, c.json, c.shorthand);
      }
      out.push({ file, case: name, format, verdict: c.verdict, problems: c.problems });
    }
  }
  for (const f of Object.values(base)) fs.rmSync(f);
  return out;
}
