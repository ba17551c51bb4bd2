// The core runs here, off the page's main thread (checker.js talks to it). It only moves bytes in and reports
// out; every decision about marks is the core's.
//
// In:  {type:'verify', job, blob, name, detectors}  read the Blob into the core's memory (kept for the job's next
//                                                    phase), verify, answer with a report
//      {type:'text', job, text, name}               verifyText() when the core has it, else the UTF-8 bytes
//      {type:'error-report', job, name, code, message}  a report for an input that could not be read (the core's shape)
//      {type:'pcm', job, sampleRate, channels}       PCM the page decoded with Web Audio (answer to need-pcm)
//      {type:'release', job}                        the job is over: free its bytes
// Out: {type:'ready', caps} | {type:'engine-failed', message}
//      {type:'progress', job, loaded, total} | {type:'verifying', job} | {type:'need-pcm', job, sampleRate}
//      {type:'report', job, report, phase} | {type:'failed', job, code, message}
import createDsmarkCore from './dsmark_core.mjs';
import { createDsmark } from './dsmark-api.mjs';
import { asReport, capabilities, wantsPcm } from './engine-features.js';

// Filled in by scripts/build-web.sh with the SHA-384 of dsmark_core.wasm (Subresource Integrity).
const WASM_INTEGRITY = '__DSMARK_WASM_INTEGRITY__';
const WASM_URL = new URL('./dsmark_core.wasm', import.meta.url);
const PROGRESS_EVERY_MS = 80;

let engine;
let caps;
let kept = null; // {job, input}: the bytes of the job being checked, kept between its phases
const pcmWaiters = new Map();

// Why the wasm could not be fetched: a second plain request tells a file that fails its hash (tampered or
// damaged on the way: never run) from a network that does not answer.
async function fetchFailure(e) {
  try {
    const plain = await fetch(WASM_URL, { credentials: 'same-origin', cache: 'no-store' });
    if (plain.ok) return Object.assign(new Error('dsmark_core.wasm does not match its integrity hash'), { code: 'integrity' });
  } catch {
    /* no answer either */
  }
  return Object.assign(new Error(messageOf(e)), { code: 'network' });
}

async function compileWasm() {
  const integrity = WASM_INTEGRITY.startsWith('sha') ? WASM_INTEGRITY : undefined;
  let response;
  try {
    response = await fetch(WASM_URL, { integrity, credentials: 'same-origin' });
  } catch (e) {
    throw integrity ? await fetchFailure(e) : Object.assign(e, { code: 'network' });
  }
  if (!response.ok) throw new Error(`dsmark_core.wasm: HTTP ${response.status}`);
  if (WebAssembly.compileStreaming && /application\/wasm/.test(response.headers.get('content-type') || '')) {
    return WebAssembly.compileStreaming(response);
  }
  return WebAssembly.compile(await response.arrayBuffer()); // hosts that send another MIME type
}

async function start() {
  try {
    const module = await compileWasm();
    engine = await createDsmark(createDsmarkCore, {
      instantiateWasm(imports, done) {
        WebAssembly.instantiate(module, imports).then(
          (instance) => done(instance, module),
          (e) => self.postMessage({ type: 'engine-failed', message: messageOf(e) }),
        );
        return {};
      },
    });
    caps = capabilities(engine); // entry points other branches add to the core, detected at run time
    self.postMessage({ type: 'ready', caps });
  } catch (e) {
    self.postMessage({ type: 'engine-failed', code: e.code || 'other', message: messageOf(e) });
  }
}

const messageOf = (e) => String((e && e.message) || e);

function release() {
  if (kept) kept.input.free();
  kept = null;
}

// Streams the Blob into the core's memory, reporting progress. Returns the input, or null with a report sent.
async function load(job, blob, name) {
  if (kept && kept.job === job) return kept.input;
  release();
  const input = engine.createInput(blob.size);
  if (!input) {
    const report = asReport(engine.errorReportJson(name, 'limit', 'There is not enough memory here to check a file this large.'));
    self.postMessage({ type: 'report', job, report, phase: 'metadata' });
    return null;
  }
  try {
    const reader = blob.stream().getReader();
    let offset = 0;
    let last = 0;
    self.postMessage({ type: 'progress', job, loaded: 0, total: blob.size });
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      if (offset + value.length > blob.size) throw new Error('the file grew while it was being read');
      input.set(value, offset);
      offset += value.length;
      const now = performance.now();
      if (now - last >= PROGRESS_EVERY_MS) {
        last = now;
        self.postMessage({ type: 'progress', job, loaded: offset, total: blob.size });
      }
    }
    if (offset !== blob.size) throw new Error('the file changed while it was being read');
    self.postMessage({ type: 'progress', job, loaded: offset, total: blob.size });
  } catch (e) {
    input.free();
    self.postMessage({ type: 'failed', job, code: 'read', message: messageOf(e) });
    return null;
  }
  kept = { job, input };
  return input;
}

// Audio the wasm build cannot decode: when the core has a PCM entry point and says it wants PCM, ask the page
// to decode the file with the Web Audio API and hand the samples to the core.
async function withPcm(job, name, input, report) {
  if (!wantsPcm(engine, report)) return report;
  const pcm = await new Promise((resolve) => {
    pcmWaiters.set(job, resolve);
    self.postMessage({ type: 'need-pcm', job, sampleRate: caps.pcmSampleRate });
  });
  if (!pcm || !pcm.channels || !pcm.channels.length) return report;
  try {
    return asReport(engine.verifyPcm(input.bytes(), name, { sampleRate: pcm.sampleRate, channels: pcm.channels }));
  } catch {
    return report;
  }
}

async function handle(msg) {
  const { job } = msg;
  switch (msg.type) {
    case 'verify': {
      const input = await load(job, msg.blob, msg.name);
      if (!input) return;
      self.postMessage({ type: 'verifying', job });
      let report = input.verify(msg.name, { detectors: msg.detectors });
      if (msg.detectors) report = await withPcm(job, msg.name, input, report);
      self.postMessage({ type: 'report', job, report, phase: msg.detectors ? 'full' : 'metadata' });
      return;
    }
    case 'text': {
      release();
      self.postMessage({ type: 'verifying', job });
      let report;
      if (caps.verifyText) {
        report = asReport(engine.verifyText(msg.text));
      } else {
        // Until the core takes text directly, the honest fallback: the text's UTF-8 bytes as a text file.
        report = engine.verify(new TextEncoder().encode(msg.text), msg.name);
      }
      self.postMessage({ type: 'report', job, report, phase: 'full', viaText: caps.verifyText });
      return;
    }
    case 'error-report': {
      const report = asReport(engine.errorReportJson(msg.name, msg.code, msg.message));
      self.postMessage({ type: 'report', job, report, phase: 'full' });
      return;
    }
    case 'pcm': {
      const resolve = pcmWaiters.get(job);
      pcmWaiters.delete(job);
      if (resolve) resolve(msg.failed ? null : msg);
      return;
    }
    case 'release':
      if (kept && kept.job === job) release();
      return;
    default:
  }
}

self.onmessage = (event) => {
  const msg = event.data || {};
  if (!engine) {
    if (msg.job !== undefined) self.postMessage({ type: 'failed', job: msg.job, code: 'engine', message: 'not ready' });
    return;
  }
  handle(msg).catch((e) => {
    release();
    self.postMessage({ type: 'failed', job: msg.job, code: 'engine', message: messageOf(e) });
  });
};

start();
