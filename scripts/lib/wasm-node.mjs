// Loads the wasm core under Node: the Emscripten 3.1.6 glue is built for web/worker, so the .wasm bytes are
// handed over as `wasmBinary` (it would otherwise fetch a path).
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

import { createDsmark } from '../../wasm/dsmark-api.mjs';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

export function wasmDir() {
  return process.env.DSMARK_WASM_DIR || path.join(repoRoot, 'build/wasm/bin');
}

export async function loadDsmark(dir = wasmDir()) {
  const glue = path.join(dir, 'dsmark_core.mjs');
  const wasm = path.join(dir, 'dsmark_core.wasm');
  if (!fs.existsSync(glue) || !fs.existsSync(wasm)) {
    throw new Error(`the wasm build is missing in ${dir}: run scripts/build-wasm.sh`);
  }
  const { default: factory } = await import(pathToFileURL(glue).href);
  return createDsmark(factory, { wasmBinary: fs.readFileSync(wasm) });
}

// The files the CLI would verify for these paths, in the same order: folders recursed, their files sorted
// byte-wise by full path (as std::sort on std::string does), symlinked folders not followed.
export function expandPaths(paths) {
  const out = [];
  for (const p of paths) {
    let st;
    try {
      st = fs.statSync(p);
    } catch {
      out.push(p);
      continue;
    }
    if (!st.isDirectory()) {
      out.push(p);
      continue;
    }
    const found = [];
    const walk = (dir) => {
      let entries;
      try {
        entries = fs.readdirSync(dir, { withFileTypes: true });
      } catch {
        return;
      }
      for (const e of entries) {
        const full = dir.endsWith('/') ? dir + e.name : `${dir}/${e.name}`;
        if (e.isDirectory()) walk(full);
        else if (e.isFile()) found.push(full);
        else if (e.isSymbolicLink()) {
          try {
            if (fs.statSync(full).isFile()) found.push(full);
          } catch {
            /* dangling link */
          }
        }
      }
    };
    walk(p);
    found.sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)));
    out.push(...found);
  }
  return out;
}

const ERRNO_TEXT = { ENOENT: 'No such file or directory', EACCES: 'Permission denied', EISDIR: 'Is a directory' };

// The report JSON line for one path, as `dsmark verify --json` prints it.
export function verifyPathJson(dsmark, file) {
  let bytes;
  try {
    if (fs.statSync(file).isDirectory()) return dsmark.errorReportJson(file, 'io', 'the folder could not be read');
    bytes = fs.readFileSync(file);
  } catch (e) {
    const why = ERRNO_TEXT[e.code] || e.code || String(e);
    return dsmark.errorReportJson(file, 'io', `the file could not be opened: ${why}`);
  }
  return dsmark.verifyJson(bytes, file);
}
