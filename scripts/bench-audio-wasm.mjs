#!/usr/bin/env node
// node scripts/bench-audio-wasm.mjs FILE [RUNS] — prints the best wall-clock time and the best CPU time (user +
// system), in ms, of RUNS wasm verify() calls on FILE (the wasm half of the speed figures in scripts/bench-audio.py).
import fs from 'node:fs';

import { loadDsmark } from './lib/wasm-node.mjs';

const [file, runs = '3'] = process.argv.slice(2);
const dsmark = await loadDsmark();
const bytes = new Uint8Array(fs.readFileSync(file));
let best = Infinity;
let bestCpu = Infinity;
for (let i = 0; i < Number(runs); i++) {
  const t = performance.now();
  const c = process.cpuUsage();
  dsmark.verifyJson(bytes, file);
  const used = process.cpuUsage(c);
  best = Math.min(best, performance.now() - t);
  bestCpu = Math.min(bestCpu, (used.user + used.system) / 1000);
}
process.stdout.write(`${best.toFixed(1)} ${bestCpu.toFixed(1)}\n`);
