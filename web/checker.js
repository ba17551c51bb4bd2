// The page's side of the worker: a queue of checks, metadata before detectors, progress, cancel.
// No DOM and no page globals, so the extension and the widget can use it too.
//
//   const checker = new Checker();
//   const job = checker.check(file, file.name, (event) => …);   // or checkText(text, name, listener)
//   job.cancel();
//
// Listener events, in order: {type:'phase', phase:'queued'|'reading'|'metadata'|'detectors'|'checking'},
// {type:'progress', loaded, total}, {type:'notice', key, vars}, {type:'partial', report} (metadata readers only),
// and one of {type:'final', report}, {type:'failed', key, vars}, {type:'cancelled'}.

// Files above this are refused before reading: the wasm core's memory is at most 2 GiB and must hold the file and
// its work, and phones have far less. The core's own limits (core/include/dsmark/limits.h) apply below it.
export const MAX_BYTES = 1024 * 1024 * 1024;
// After a job this large the worker is replaced, so the memory it grew to is given back.
const RECYCLE_BYTES = 256 * 1024 * 1024;

let nextJob = 1;

// Decodes audio with the Web Audio API (main thread only) for a core entry point that takes PCM.
export async function decodeAudioToPcm(blob, sampleRate) {
  const Ctx = globalThis.OfflineAudioContext || globalThis.webkitOfflineAudioContext;
  if (!Ctx) return null;
  const ctx = new Ctx(1, 1, sampleRate);
  const buffer = await ctx.decodeAudioData(await blob.arrayBuffer());
  const channels = [];
  for (let i = 0; i < buffer.numberOfChannels; i++) channels.push(buffer.getChannelData(i).slice());
  return { sampleRate: buffer.sampleRate, channels };
}

export class Checker {
  constructor({ workerUrl = new URL('./worker.js', import.meta.url), maxBytes = MAX_BYTES, onStatus } = {}) {
    this.workerUrl = workerUrl;
    this.maxBytes = maxBytes;
    this.onStatus = onStatus || (() => {});
    this.jobs = [];
    this.running = null;
    this.status = 'loading';
    this.caps = null;
    this.startWorker();
  }

  startWorker() {
    this.status = 'loading';
    this.worker = new Worker(this.workerUrl, { type: 'module' });
    this.worker.onmessage = (event) => this.receive(event.data);
    this.worker.onerror = (event) => {
      event.preventDefault?.();
      this.workerDied(event.message || 'the worker stopped');
    };
  }

  restartWorker() {
    this.worker.terminate();
    this.running = null;
    this.startWorker();
  }

  workerDied(message) {
    if (this.status === 'loading') {
      this.engineFailed(message);
      return;
    }
    const job = this.running;
    this.restartWorker();
    if (job) this.finish(job, { type: 'failed', key: 'error.engine', vars: { detail: message } });
  }

  // code: 'integrity' (the wasm does not match its hash), 'network' (it could not be fetched) or 'other'.
  engineFailed(message, code = 'other') {
    this.status = 'failed';
    this.failure = { key: code === 'integrity' || code === 'network' ? `engine.${code}` : 'engine.failed', vars: { detail: message } };
    this.onStatus('failed', this.failure);
    for (const job of [...this.jobs]) this.finish(job, { type: 'failed', ...this.failure });
  }

  /** Checks a File or Blob. */
  check(blob, name, listener) {
    const job = this.addJob({ kind: 'blob', blob, name, size: blob.size, phases: ['metadata', 'full'] }, listener);
    if (blob.size > this.maxBytes) {
      job.phases = ['error'];
      job.code = 'limit';
      job.message = `The file is ${blob.size} bytes; the web page checks files up to ${this.maxBytes} bytes.`;
      job.emit({ type: 'notice', key: 'error.tooLarge', vars: { size: blob.size, max: this.maxBytes } });
    }
    this.pump();
    return job;
  }

  /** Checks a piece of text (verifyText in the core when it has it). */
  checkText(text, name, listener) {
    const job = this.addJob({ kind: 'text', text, name, phases: ['text'] }, listener);
    this.pump();
    return job;
  }

  /** A finished check for an input that could not be obtained (e.g. a URL the site would not give): the core
   * writes the report (verdict "error", `code`, plain `message`), so it looks like any other. */
  reportFailure(name, code, message, listener) {
    const job = this.addJob({ kind: 'blob', name, phases: ['error'], code, message }, listener);
    this.pump();
    return job;
  }

  addJob(props, listener) {
    const job = {
      id: nextJob++,
      ...props,
      done: false,
      emit: (e) => {
        try {
          listener?.(e);
        } catch (err) {
          console.error(err);
        }
      },
      cancel: () => this.cancel(job),
    };
    job.finished = new Promise((resolve) => {
      job.resolve = resolve;
    });
    this.jobs.push(job);
    job.emit({ type: 'phase', phase: 'queued' });
    if (this.status === 'failed') this.finish(job, { type: 'failed', ...this.failure });
    return job;
  }

  cancel(job) {
    if (job.done) return;
    if (this.running === job) this.restartWorker(); // the core runs synchronously: stopping means a new worker
    else if (this.status === 'ready') this.worker.postMessage({ type: 'release', job: job.id }); // its bytes, if kept
    this.finish(job, { type: 'cancelled' });
    this.pump();
  }

  finish(job, event) {
    if (job.done) return;
    job.done = true;
    this.jobs = this.jobs.filter((j) => j !== job);
    if (this.running === job) this.running = null;
    job.emit(event);
    job.resolve(event);
  }

  // Metadata phases of every waiting job first, so each file gets its first answer quickly; then the rest.
  pump() {
    if (this.running || this.status !== 'ready') return;
    const job = this.jobs.find((j) => j.phases[0] === 'metadata') || this.jobs.find((j) => j.phases.length);
    if (!job) return;
    this.running = job;
    const phase = job.phases[0];
    if (phase === 'metadata') {
      job.emit({ type: 'phase', phase: 'reading' });
      this.worker.postMessage({ type: 'verify', job: job.id, blob: job.blob, name: job.name, detectors: false });
    } else if (phase === 'full') {
      job.emit({ type: 'phase', phase: 'detectors' });
      this.worker.postMessage({ type: 'verify', job: job.id, blob: job.blob, name: job.name, detectors: true });
    } else if (phase === 'text') {
      job.emit({ type: 'phase', phase: 'checking' });
      this.worker.postMessage({ type: 'text', job: job.id, text: job.text, name: job.name });
    } else {
      job.emit({ type: 'phase', phase: 'checking' });
      this.worker.postMessage({ type: 'error-report', job: job.id, name: job.name, code: job.code, message: job.message });
    }
  }

  receive(msg) {
    if (msg.type === 'ready') {
      this.status = 'ready';
      this.caps = msg.caps;
      this.onStatus('ready', msg.caps);
      this.pump();
      return;
    }
    if (msg.type === 'engine-failed') {
      this.engineFailed(msg.message, msg.code);
      return;
    }
    const job = this.running;
    if (!job || job.id !== msg.job) return; // a message about a cancelled job
    switch (msg.type) {
      case 'progress':
        if (job.phases[0] === 'metadata') job.emit({ type: 'progress', loaded: msg.loaded, total: msg.total });
        break;
      case 'verifying':
        if (job.phases[0] === 'metadata') job.emit({ type: 'phase', phase: 'metadata' });
        break;
      case 'need-pcm':
        decodeAudioToPcm(job.blob, msg.sampleRate).then(
          (pcm) => this.worker.postMessage(pcm ? { type: 'pcm', job: job.id, ...pcm } : { type: 'pcm', job: job.id, failed: true },
            pcm ? pcm.channels.map((c) => c.buffer) : []),
          () => this.worker.postMessage({ type: 'pcm', job: job.id, failed: true }),
        );
        break;
      case 'report': {
        const phase = job.phases.shift();
        this.running = null;
        if (phase === 'metadata' && msg.report.verdict !== 'error') {
          job.emit({ type: 'partial', report: msg.report });
        } else {
          // An input the core could not read at all has nothing for the detectors either.
          if (phase === 'text' && !msg.viaText) job.emit({ type: 'notice', key: 'text.fallbackNote' });
          this.worker.postMessage({ type: 'release', job: job.id });
          this.finish(job, { type: 'final', report: msg.report });
          if (job.size > RECYCLE_BYTES) this.restartWorker();
        }
        this.pump();
        break;
      }
      case 'failed': {
        this.running = null;
        const key = msg.code === 'read' ? 'error.readFailed' : 'error.engine';
        this.finish(job, { type: 'failed', key, vars: { detail: msg.message } });
        this.restartWorker(); // the core may be in a bad state after an unexpected error
        break;
      }
      default:
    }
  }
}
