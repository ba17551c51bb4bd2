// dsmark under Node.js (and other server runtimes with the "node" export condition): the wasm core runs right
// here, synchronously inside each call, with the .wasm read from this package and checked against its SRI hash.
import crypto from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';

import { MAX_BYTES } from './checker.js';
import { createDsmark } from './dsmark-api.mjs';
import createDsmarkCore from './dsmark_core.mjs';
import { asReport, capabilities } from './engine-features.js';
import { abortError, classify, defaultName } from './inputs.js';
import { VERSION, WASM_INTEGRITY } from './integrity.js';

export { VERSION, WASM_INTEGRITY };
export const wasmUrl = new URL('./dsmark_core.wasm', import.meta.url);

let loading = null;

async function engine() {
  loading ??= (async () => {
    const wasm = await readFile(wasmUrl);
    const [algo, expected] = WASM_INTEGRITY.split('-');
    const actual = crypto.createHash(algo).update(wasm).digest('base64');
    if (actual !== expected) throw new Error(`dsmark: ${fileURLToPath(wasmUrl)} does not match its integrity hash ${WASM_INTEGRITY}`);
    return createDsmark(createDsmarkCore, { wasmBinary: wasm });
  })();
  loading.catch(() => {
    loading = null;
  });
  return loading;
}

const errorReport = (core, name, code, message) => asReport(core.errorReportJson(name, code, message));

async function readUrl(core, url, name, signal) {
  if (url.protocol === 'file:') {
    try {
      return { bytes: await readFile(url, { signal }) };
    } catch (e) {
      if (signal?.aborted) throw abortError(signal);
      return { report: errorReport(core, name, 'io', `the file could not be opened: ${e.code || e.message}`) };
    }
  }
  let response;
  try {
    response = await fetch(url, { signal });
  } catch (e) {
    if (signal?.aborted) throw abortError(signal);
    return { report: errorReport(core, name, 'io', `${url.href} could not be fetched: ${e.cause?.code || e.message}`) };
  }
  if (!response.ok) return { report: errorReport(core, name, 'io', `The site answered HTTP ${response.status} for ${url.href}.`) };
  const declared = Number(response.headers.get('content-length'));
  if (declared > MAX_BYTES) return { report: errorReport(core, name, 'limit', `The file is ${declared} bytes; dsmark checks files up to ${MAX_BYTES} bytes.`) };
  return { bytes: new Uint8Array(await response.arrayBuffer()) };
}

/**
 * Verifies a file or a text and resolves with its report (SPEC.md, schema dsmark.report.v1).
 * input: Uint8Array | ArrayBuffer | Blob | URL (file:, http:, https:, data:) | string (text).
 * options: {name, detectors = true, signal}.
 */
export async function verify(input, options = {}) {
  const { detectors = true, signal } = options;
  const c = classify(input);
  const name = defaultName(c, options.name);
  if (signal?.aborted) throw abortError(signal);
  const core = await engine();
  let bytes;
  if (c.kind === 'text') {
    // The core's own text entry point when it has one; until then the text's UTF-8 bytes, as a text file.
    if (capabilities(core).verifyText) return asReport(core.verifyText(c.text, name, { detectors }));
    bytes = new TextEncoder().encode(c.text);
  } else if (c.kind === 'bytes') {
    bytes = c.bytes;
  } else if (c.kind === 'blob') {
    if (c.blob.size > MAX_BYTES) return errorReport(core, name, 'limit', `The file is ${c.blob.size} bytes; dsmark checks files up to ${MAX_BYTES} bytes.`);
    bytes = new Uint8Array(await c.blob.arrayBuffer());
  } else {
    const got = await readUrl(core, c.url, name, signal);
    if (got.report) return got.report;
    bytes = got.bytes;
  }
  if (signal?.aborted) throw abortError(signal);
  if (bytes.length > MAX_BYTES) return errorReport(core, name, 'limit', `The file is ${bytes.length} bytes; dsmark checks files up to ${MAX_BYTES} bytes.`);
  return core.verify(bytes, name, { detectors });
}

/** The core's version and the optional entry points it has (verifyText, verifyPcm). */
export async function features() {
  return capabilities(await engine());
}
