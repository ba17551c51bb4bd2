// Firefox's side of the browser differences (the build copies this file to ext.js). Firefox has no offscreen
// API, but its MV3 background is a page (an event page), which can start a Web Worker itself: the checker runs
// right here, and content scripts stream page bytes to this page over a port.
import { isFinalEvent } from './job-events.js';
import { EngineHost } from './engine-host.js';

export const api = globalThis.browser;
export const BROWSER = 'firefox';

let listener = () => {};
const host = new EngineHost((job, event) => listener(job, event));
api.runtime.onConnect.addListener((port) => host.acceptPort(port));

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
    host.run(job, request);
  },
  async cancel(job) {
    host.cancel(job);
  },
  async prepareForBytes() {},
  async idle() {},
};

export function openWindow(url, { width, height }) {
  return api.windows.create({ url, type: 'popup', width, height });
}
