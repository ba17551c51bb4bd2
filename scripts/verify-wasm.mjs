#!/usr/bin/env node
// node scripts/verify-wasm.mjs PATH...  — the same JSON Lines as `dsmark verify --json PATH...`, computed by the
// core compiled to WebAssembly.
import { expandPaths, loadDsmark, verifyPathJson } from './lib/wasm-node.mjs';

const paths = process.argv.slice(2).filter((a) => a !== '--json');
if (paths.length === 0) {
  process.stderr.write('usage: node scripts/verify-wasm.mjs PATH...\n');
  process.exit(2);
}
const dsmark = await loadDsmark();
let failed = false;
for (const file of expandPaths(paths)) {
  const line = verifyPathJson(dsmark, file);
  if (JSON.parse(line).verdict === 'error') failed = true;
  process.stdout.write(`${line}\n`);
}
process.exit(failed ? 1 : 0);
