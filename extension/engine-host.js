// The extension's engine: the page's Checker (checker.js → worker.js → the wasm core) plus the ways the extension
// gets bytes. It runs where a Worker can be started: Chromium's offscreen document (offscreen.js), Firefox's
// background page (ext-firefox.js). Events go out through `emit(job, event)`, in checker.js's vocabulary.
//
// Requests (from background.js):
//   {kind: 'url', url, name}            fetched here (the extension holds the site's permission, or a data: URL)
//   {kind: 'received', name}            bytes a content script read in the page and streamed over a port
//   {kind: 'text', text, name}          verifyText() in the core when it has it
//   {kind: 'failure', name, code, message, notices}   no bytes: a report in the core's own shape saying why
import { Checker } from './checker.js';
import { failureCode, failureMessage, failureNotices } from './fetch-failures.js';

export const BYTES_PORT = 'dsmark-bytes';
const RECEIVE_TIMEOUT_MS = 60000;

export class EngineHost {
  constructor(emit) {
    this.emit = emit;
    this.checker = null;
    this.jobs = new Map(); // job → {cancel()}
    this.incoming = new Map(); // job → {chunks, loaded, total, type, done, promise, resolve}
    this.lastUse = Date.now();
  }

  get engine() {
    this.checker ??= new Checker();
    return this.checker;
  }

  get busy() {
    return this.jobs.size > 0 || this.incoming.size > 0;
  }

  // ---- bytes a content script streams over a port: {job, type: start | chunk | end | error} ------------------
  acceptPort(port) {
    if (port.name !== BYTES_PORT) return;
    port.onMessage.addListener((msg) => this.receive(msg, port));
    port.onDisconnect.addListener(() => {
      for (const [job, box] of this.incoming) if (box.port === port && !box.done) this.finishIncoming(job, { error: 'network' });
    });
  }

  box(job) {
    let box = this.incoming.get(job);
    if (!box) {
      box = { chunks: [], loaded: 0, total: undefined, type: '', done: false };
      box.promise = new Promise((resolve) => {
        box.resolve = resolve;
      });
      this.incoming.set(job, box);
    }
    return box;
  }

  receive(msg, port) {
    if (!msg || typeof msg.job !== 'string') return;
    const box = this.box(msg.job);
    box.port ??= port;
    if (box.done) return;
    this.lastUse = Date.now();
    if (msg.type === 'start') {
      box.total = Number.isFinite(msg.total) && msg.total > 0 ? msg.total : undefined;
      box.type = String(msg.contentType || '');
      this.emit(msg.job, { type: 'phase', phase: 'downloading' });
      this.emit(msg.job, { type: 'progress', loaded: 0, total: box.total });
    } else if (msg.type === 'chunk' && typeof msg.data === 'string') {
      const bytes = fromBase64(msg.data);
      box.chunks.push(bytes);
      box.loaded += bytes.length;
      this.emit(msg.job, { type: 'progress', loaded: box.loaded, total: box.total && Math.max(box.total, box.loaded) });
    } else if (msg.type === 'end') {
      this.finishIncoming(msg.job, { blob: new Blob(box.chunks, { type: box.type }) });
    } else if (msg.type === 'error') {
      this.finishIncoming(msg.job, { error: msg.reason || 'network', status: msg.status });
    }
  }

  finishIncoming(job, result) {
    const box = this.box(job);
    box.done = true;
    box.chunks = [];
    box.resolve(result);
    // Bytes nobody asks for (the check was given up on): dropped after a while.
    setTimeout(() => {
      if (this.incoming.get(job) === box && !box.claimed) this.incoming.delete(job);
    }, 2 * RECEIVE_TIMEOUT_MS);
  }

  /** Resolves with {blob} or {error} once the page's bytes for `job` have all arrived. */
  received(job) {
    const box = this.box(job);
    box.claimed = true;
    const timer = setTimeout(() => {
      if (!box.done) this.finishIncoming(job, { error: 'network' });
    }, RECEIVE_TIMEOUT_MS);
    return box.promise.finally(() => {
      clearTimeout(timer);
      this.incoming.delete(job);
    });
  }

  // ---- checks --------------------------------------------------------------------------------------------------
  async run(job, request) {
    this.lastUse = Date.now();
    const emit = (event) => {
      this.lastUse = Date.now();
      this.emit(job, event);
      if (event.type === 'final' || event.type === 'failed' || event.type === 'cancelled') this.jobs.delete(job);
    };
    const entry = { cancelled: false, cancel: () => {} };
    this.jobs.set(job, entry);
    entry.cancel = () => {
      entry.cancelled = true;
      this.jobs.delete(job);
      emit({ type: 'cancelled' });
    };
    try {
      if (request.kind === 'text') {
        const handle = this.engine.checkText(String(request.text), request.name || 'selection.txt', emit);
        entry.cancel = () => handle.cancel();
        return;
      }
      if (request.kind === 'failure') {
        for (const n of request.notices || []) emit({ type: 'notice', key: n.key, vars: n.vars });
        this.engine.reportFailure(request.name, request.code || 'io', request.message || 'The file could not be read.', emit);
        return;
      }
      let got;
      if (request.kind === 'url') got = await this.download(job, request.url, entry, emit);
      else if (request.kind === 'received') got = await this.received(job);
      else throw new Error(`unknown request ${request.kind}`);
      if (entry.cancelled) return;
      if (got.blob) {
        const handle = this.engine.check(got.blob, request.name, emit);
        entry.cancel = () => handle.cancel();
        return;
      }
      const notices = failureNotices(got, request);
      for (const n of notices) emit({ type: 'notice', key: n.key, vars: n.vars });
      this.engine.reportFailure(request.name, failureCode(got), failureMessage(got, request), emit);
    } catch (e) {
      if (!entry.cancelled) emit({ type: 'failed', key: 'error.engine', vars: { detail: String(e?.message || e) } });
    }
  }

  cancel(job) {
    this.jobs.get(job)?.cancel();
    const box = this.incoming.get(job);
    if (box && !box.done) this.finishIncoming(job, { error: 'cancelled' });
  }

  // The extension's own request: no cookies, no referrer; the site's permission (or CORS) lets it read the answer.
  async download(job, url, entry, emit) {
    const controller = new AbortController();
    entry.cancel = () => {
      entry.cancelled = true;
      controller.abort();
      this.jobs.delete(job);
      emit({ type: 'cancelled' });
    };
    emit({ type: 'phase', phase: 'downloading' });
    let response;
    try {
      response = await fetch(url, { credentials: 'omit', referrerPolicy: 'no-referrer', cache: 'force-cache', signal: controller.signal });
    } catch {
      return { error: controller.signal.aborted ? 'cancelled' : 'blocked' };
    }
    if (!response.ok) return { error: 'http', status: response.status };
    const max = this.engine.maxBytes;
    const declared = Number(response.headers.get('content-length'));
    const total = Number.isFinite(declared) && declared > 0 ? declared : undefined;
    if (total > max) {
      controller.abort();
      return { error: 'tooLarge', size: total, max };
    }
    const chunks = [];
    let loaded = 0;
    emit({ type: 'progress', loaded, total });
    try {
      const reader = response.body.getReader();
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        chunks.push(value);
        loaded += value.length;
        if (loaded > max) {
          controller.abort();
          return { error: 'tooLarge', size: loaded, max };
        }
        emit({ type: 'progress', loaded, total: total && Math.max(total, loaded) });
      }
    } catch {
      return { error: controller.signal.aborted ? 'cancelled' : 'network' };
    }
    return { blob: new Blob(chunks, { type: response.headers.get('content-type') || '' }) };
  }
}

export function fromBase64(text) {
  const bin = atob(text);
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}
