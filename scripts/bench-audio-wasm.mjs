#!/usr/bin/env node
// node scripts/bench-audio-wasm.mjs FILE [RUNS] — prints the best time in ms of RUNS wasm verify() calls on FILE
// (the wasm half of the speed figures in scripts/bench-audio.py).
import fs from 'node:fs';

import { loadDsmark } from './lib/wasm-node.mjs';

const [file, runs = '3'] = process.argv.slice(2);
const dsmark = await loadDsmark();
const bytes = new Uint8Array(fs.readFileSync(file));
let best = Infinity;
for (let i = 0; i < Number(runs); i++) {
  const t = performance.now();
  dsmark.verifyJson(bytes, file);
  best = Math.min(best, performance.now() - t);
}
process.stdout.write(`${best.toFixed(1)}\n`);
