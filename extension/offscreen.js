// Chromium's offscreen document: runs the EngineHost (the checker's Worker and the wasm core) for the service
// worker. Requests arrive as runtime messages addressed to 'offscreen'; bytes read by a content script arrive over
// a port; events go back to the service worker. When nothing has run for a while it asks to be closed, so the
// memory the core grew to is given back.
import { EngineHost } from './engine-host.js';

const IDLE_MS = 3 * 60 * 1000;

const host = new EngineHost((job, event) => {
  chrome.runtime.sendMessage({ to: 'background', type: 'job-event', job, event }).catch(() => {});
});

chrome.runtime.onConnect.addListener((port) => host.acceptPort(port));

chrome.runtime.onMessage.addListener((msg, sender, reply) => {
  if (!msg || msg.to !== 'offscreen' || sender.id !== chrome.runtime.id) return undefined;
  if (msg.type === 'run') host.run(msg.job, msg.request);
  else if (msg.type === 'cancel') host.cancel(msg.job);
  reply({ ok: true });
  return undefined;
});

setInterval(() => {
  if (!host.busy && Date.now() - host.lastUse > IDLE_MS) chrome.runtime.sendMessage({ to: 'background', type: 'engine-idle' }).catch(() => {});
}, 30000);
