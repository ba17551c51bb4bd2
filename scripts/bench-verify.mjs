#!/usr/bin/env node
// Metadata-reading speed: dsmark native, dsmark wasm and `exiftool -json` over the same files in one run.
//   node scripts/bench-verify.mjs [DIR...] [--repeat N]
// Without DIR it benchmarks the GB 45438 carrier matrix the tests write (tests/support/label-matrix.mjs: every
// carrier — images, video, audio, PDF, Office, Markdown — × 7 cases), cached under build/test-matrix.
// The figure is the ratio: exiftool ms/file ÷ dsmark ms/file (each a batch run over all files; median of N).
// Targets (issue 3): native at least 10× faster per file than `exiftool -json`; wasm within 2× of native.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

import { ensureLabelMatrix } from '../tests/support/label-matrix.mjs';
import { expandPaths, loadDsmark, repoRoot } from './lib/wasm-node.mjs';

const args = process.argv.slice(2);
let repeat = 5;
const dirs = [];
for (let i = 0; i < args.length; i++) {
  if (args[i] === '--repeat') repeat = Number(args[++i]);
  else dirs.push(args[i]);
}
if (dirs.length === 0) dirs.push(ensureLabelMatrix().dir);
const files = expandPaths(dirs);
const bytes = files.reduce((n, f) => n + fs.statSync(f).size, 0);

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
function timeCommand(cmd, cmdArgs) {
  const runs = [];
  for (let i = 0; i < repeat; i++) {
    const t0 = process.hrtime.bigint();
    const r = spawnSync(cmd, cmdArgs, { stdio: ['ignore', 'ignore', 'pipe'], maxBuffer: 1 << 28 });
    const ms = Number(process.hrtime.bigint() - t0) / 1e6;
    if (r.error) throw r.error;
    runs.push(ms);
  }
  return median(runs);
}

const cli = path.join(repoRoot, 'build/native/bin/dsmark');
// The targets are about reading metadata marks, what exiftool does: dsmark without its signal detectors (native
// --metadata-only, wasm {detectors: false}). The whole check, detectors included, is printed too.
const nativeMs = timeCommand(cli, ['verify', '--json', '--metadata-only', ...files]);
const nativeFullMs = timeCommand(cli, ['verify', '--json', ...files]);
const exiftoolMs = timeCommand('exiftool', ['-json', '-q', '-q', ...files]);

// V8 compiles wasm functions lazily on first use (baseline, then optimised in the background for hot code), so
// the first pass over the files mostly measures compilation; the native build was compiled ahead of time. Both
// are printed: the first pass after loading the module, and the steady state (median of N passes after it).
const dsmark = await loadDsmark();
const wasmPass = (detectors = false) => {
  const t0 = process.hrtime.bigint();
  for (const f of files) dsmark.verifyJson(fs.readFileSync(f), f, { detectors });
  return Number(process.hrtime.bigint() - t0) / 1e6;
};
const wasmFirstMs = wasmPass();
for (let i = 0; i < 3; i++) wasmPass();  // let the optimising compiler finish with the hot functions
const wasmRuns = [];
for (let i = 0; i < 3 * repeat; i++) wasmRuns.push(wasmPass());  // passes are cheap: more of them, a steadier median
const wasmMs = median(wasmRuns);
wasmPass(true);
const wasmFullRuns = [];
for (let i = 0; i < repeat; i++) wasmFullRuns.push(wasmPass(true));
const wasmFullMs = median(wasmFullRuns);

const per = (ms) => ms / files.length;
const row = (name, ms, note) =>
  `${name.padEnd(24)} ${ms.toFixed(1).padStart(10)} ${per(ms).toFixed(3).padStart(10)}   ${note}`;
console.log(`files: ${files.length} (${(bytes / 1e6).toFixed(2)} MB) in ${dirs.join(', ')}; median of ${repeat} runs`);
console.log(`${'reader'.padEnd(24)} ${'total ms'.padStart(10)} ${'ms/file'.padStart(10)}`);
console.log(row('dsmark native (CLI)', nativeMs, 'one process, --json --metadata-only'));
console.log(row('dsmark wasm (Node)', wasmMs, 'steady state, module loaded once, includes file reads, {detectors: false}'));
console.log(row('dsmark wasm, first pass', wasmFirstMs, 'right after loading: includes V8 compiling the code'));
console.log(row('exiftool -json', exiftoolMs, 'one process'));
console.log(row('native, all detectors', nativeFullMs, 'the whole check: pixels, sound and text decoded too'));
console.log(row('wasm, all detectors', wasmFullMs, 'the same in wasm (it decodes no FLAC or MP3 sound)'));
const speedup = exiftoolMs / nativeMs;
const wasmRatio = wasmMs / nativeMs;
console.log(`ratio exiftool/native: ${speedup.toFixed(1)}x (target >= 10x: ${speedup >= 10 ? 'met' : 'MISSED'})   ` +
  `ratio wasm/native: ${wasmRatio.toFixed(2)}x (target <= 2x: ${wasmRatio <= 2 ? 'met' : 'MISSED'})`);
