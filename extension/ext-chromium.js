// Chromium's side of the browser differences (the build copies this file to ext.js; Firefox gets ext-firefox.js).
// The background is a service worker, which cannot start a Web Worker: the checker runs in an offscreen document
// (reason WORKERS) and talks to the service worker through runtime messages.
import { isFinalEvent } from './job-events.js';

export const api = globalThis.chrome;
export const BROWSER = 'chromium';

const OFFSCREEN_URL = 'offscreen.html';
let creating = null;

async function hasOffscreen() {
  if (api.offscreen.hasDocument) return api.offscreen.hasDocument();
  const contexts = await api.runtime.getContexts({ contextTypes: ['OFFSCREEN_DOCUMENT'] });
  return contexts.length > 0;
}

async function ensureOffscreen() {
  if (await hasOffscreen()) return;
  creating ??= api.offscreen.createDocument({
    url: OFFSCREEN_URL,
    reasons: ['WORKERS'],
    justification: 'Runs the dsmark checker (WebAssembly) in a Web Worker. Files never leave the browser.',
  }).catch((e) => {
    if (!/single offscreen document/i.test(String(e?.message))) throw e;
  }).finally(() => {
    creating = null;
  });
  await creating;
}

let listener = () => {};

api.runtime.onMessage.addListener((msg, sender) => {
  if (!msg || msg.to !== 'background' || sender.id !== api.runtime.id || sender.tab) return undefined;
  if (msg.type === 'job-event') listener(msg.job, msg.event);
  else if (msg.type === 'engine-idle') engine.idle();
  return undefined;
});

export const engine = {
  active: new Set(),
  onEvent(fn) {
    listener = (job, event) => {
      if (isFinalEvent(event)) this.active.delete(job);
      fn(job, event);
    };
  },
  async run(job, request) {
    this.active.add(job);
    await ensureOffscreen();
    await api.runtime.sendMessage({ to: 'offscreen', type: 'run', job, request });
  },
  async cancel(job) {
    if (await hasOffscreen()) await api.runtime.sendMessage({ to: 'offscreen', type: 'cancel', job }).catch(() => {});
  },
  // Where content scripts stream page bytes to: the offscreen document, which must exist before they connect.
  async prepareForBytes() {
    await ensureOffscreen();
  },
  async idle() {
    if (this.active.size === 0 && (await hasOffscreen())) await api.offscreen.closeDocument().catch(() => {});
  },
};

export function openWindow(url, { width, height }) {
  return api.windows.create({ url, type: 'popup', width, height, focused: true });
}
