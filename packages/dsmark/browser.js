// dsmark in browsers: the wasm core runs in a module Web Worker (worker.js, a file of this package; never a blob:
// URL), which fetches dsmark_core.wasm with its Subresource Integrity hash. One worker serves every check on the
// page, started at the first one (checker.js: a queue with every file's metadata pass before any detector pass).
import { Checker, MAX_BYTES } from './checker.js';
import { abortError, classify, defaultName } from './inputs.js';
import { VERSION, WASM_INTEGRITY } from './integrity.js';

export { VERSION, WASM_INTEGRITY };
export const wasmUrl = new URL('./dsmark_core.wasm', import.meta.url);

let checker = null;

function engine() {
  if (!checker || checker.status === 'failed') {
    // Spelled out for bundlers (Vite, webpack, Parcel, esbuild) to find the worker and ship it as a file.
    checker = new Checker({ createWorker: () => new Worker(new URL('./worker.js', import.meta.url), { type: 'module' }) });
  }
  return checker;
}

// Why a fetch failed: a second, opaque request tells "the site does not let this page read it" from "no answer".
async function whyFetchFailed(url) {
  const probe = new AbortController();
  try {
    await fetch(url, { mode: 'no-cors', cache: 'force-cache', signal: probe.signal });
    probe.abort();
    return 'url.blocked';
  } catch {
    return 'url.network';
  }
}

async function download(url, emit, signal) {
  emit({ type: 'phase', phase: 'downloading' });
  let response;
  try {
    response = await fetch(url, { cache: 'force-cache', signal });
  } catch (e) {
    if (signal?.aborted) throw abortError(signal);
    const why = url.protocol === 'data:' ? 'url.network' : await whyFetchFailed(url);
    return { notice: why, message: `The browser could not fetch ${url.href}: ${why === 'url.blocked' ? 'the site does not allow other pages to read it (CORS)' : e.message}.` };
  }
  if (!response.ok) return { notice: 'url.http', status: response.status, message: `The site answered HTTP ${response.status} for ${url.href}.` };
  const declared = Number(response.headers.get('content-length'));
  const total = Number.isFinite(declared) && declared > 0 ? declared : undefined;
  const tooLarge = (size) => ({ notice: 'error.tooLarge', vars: { size, max: MAX_BYTES }, code: 'limit',
    message: `The file is ${size} bytes or more; dsmark checks files up to ${MAX_BYTES} bytes here.` });
  if (total > MAX_BYTES) {
    response.body?.cancel().catch(() => {});
    return tooLarge(total);
  }
  const chunks = [];
  let loaded = 0;
  emit({ type: 'progress', loaded, total });
  const reader = response.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(value);
    loaded += value.length;
    if (loaded > MAX_BYTES) {
      reader.cancel().catch(() => {});
      return tooLarge(loaded);
    }
    emit({ type: 'progress', loaded, total: total && Math.max(total, loaded) });
  }
  return { blob: new Blob(chunks, { type: response.headers.get('content-type') || '' }) };
}

/**
 * Verifies a file or a text and resolves with its report (SPEC.md, schema dsmark.report.v1).
 * input: Uint8Array | ArrayBuffer | Blob | URL | string (text).
 * options: {name, detectors = true, signal, onEvent}: onEvent receives the check's progress
 * ({type: 'phase' | 'progress' | 'notice' | 'partial', …}, as web/checker.js documents).
 * Rejects only when the engine cannot run (the wasm failed to load or its hash) or when aborted; anything wrong
 * with the input itself (unreadable, refused by its site, corrupt) resolves with a report whose verdict is "error".
 */
export function verify(input, options = {}) {
  const { detectors = true, signal, onEvent } = options;
  let c;
  try {
    c = classify(input);
  } catch (e) {
    return Promise.reject(e);
  }
  const name = defaultName(c, options.name);
  if (signal?.aborted) return Promise.reject(abortError(signal));
  return new Promise((resolve, reject) => {
    const emit = (e) => {
      try {
        onEvent?.(e);
      } catch (err) {
        console.error(err);
      }
    };
    let job = null;
    let settled = false;
    const settle = (fn, value) => {
      if (settled) return;
      settled = true;
      signal?.removeEventListener('abort', onAbort);
      fn(value);
    };
    const onAbort = () => {
      job?.cancel();
      settle(reject, abortError(signal));
    };
    signal?.addEventListener('abort', onAbort, { once: true });
    const listener = (e) => {
      if (settled) return;
      emit(e);
      if (e.type === 'partial' && !detectors) {
        settle(resolve, e.report);
        job.cancel(); // the detectors' pass is not wanted
      } else if (e.type === 'final') {
        settle(resolve, e.report);
      } else if (e.type === 'failed') {
        settle(reject, Object.assign(new Error(`dsmark: ${e.vars?.detail || e.key}`), { code: e.key }));
      } else if (e.type === 'cancelled') {
        settle(reject, abortError(signal));
      }
    };
    const start = async () => {
      const blob = c.kind === 'bytes' ? new Blob([c.bytes]) : c.kind === 'blob' ? c.blob : null;
      if (c.kind === 'text') job = engine().checkText(c.text, name, listener);
      else if (blob) job = engine().check(blob, name, listener);
      else {
        const got = await download(c.url, emit, signal);
        if (settled) return;
        if (got.blob) job = engine().check(got.blob, name, listener);
        else {
          emit({ type: 'notice', key: got.notice, vars: got.vars || (got.status ? { status: got.status } : undefined) });
          job = engine().reportFailure(name, got.code || 'io', got.message, listener);
        }
      }
    };
    start().catch((e) => settle(reject, e));
  });
}

/** The core's version and the optional entry points it has (verifyText, verifyPcm), once its worker is ready. */
export function features() {
  const c = engine();
  if (c.status === 'ready') return Promise.resolve(c.caps);
  return new Promise((resolve, reject) => {
    const previous = c.onStatus;
    c.onStatus = (state, info) => {
      previous(state, info);
      if (state === 'ready') resolve(info);
      else if (state === 'failed') reject(new Error(`dsmark: ${info?.vars?.detail || info?.key}`));
    };
  });
}
