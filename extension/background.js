// The extension's background: Chromium's service worker, Firefox's event page (the same file; browser
// differences live in ext.js, built from ext-chromium.js or ext-firefox.js). It owns the context menu, decides how
// each file is read (by the extension with the site's permission, or by the page itself through a content script),
// routes a check's events to the panel showing it, and keeps the per-site scan registered.
// Nothing here looks at marks, and nothing is sent anywhere: every request goes to the site the file came from.
import { api, engine, openWindow } from './ext.js';
import { failureCode, failureMessage, failureNotices } from './fetch-failures.js';
import { pickLanguage, translator } from './i18n.js';
import { isFinalEvent } from './job-events.js';
import { SCAN_SCRIPT_ID, scanRegistration, siteOf, sitesWithPermission } from './sites.js';
import { MENU_CONTEXTS, MENU_ID, clickTarget, sitePattern } from './targets.js';

const EVENT_LOG_MAX = 300;
const KEEP_DONE_MS = 10 * 60 * 1000;
const AI_VERDICTS = new Set(['ai', 'possibly-ai', 'suspected-ai']);
const PANEL_WINDOW = { width: 460, height: 720 };

// ---- language and the menu -----------------------------------------------------------------------------------
async function language() {
  const { lang } = await api.storage.local.get('lang');
  return pickLanguage(lang, [api.i18n.getUILanguage()]);
}

async function setupMenu() {
  await api.contextMenus.removeAll();
  api.contextMenus.create({ id: MENU_ID, title: translator(await language())('ext.menu'), contexts: MENU_CONTEXTS });
}

api.runtime.onInstalled.addListener(() => {
  setupMenu();
  syncScanRegistration();
});
api.runtime.onStartup.addListener(() => {
  setupMenu();
  syncScanRegistration();
});
api.storage.onChanged.addListener((changes, area) => {
  if (area !== 'local' || !changes.lang) return;
  language().then((lang) => api.contextMenus.update(MENU_ID, { title: translator(lang)('ext.menu') })).catch(setupMenu);
});

// ---- jobs: one check each, with the panel that shows it ------------------------------------------------------
// where: 'page' (the panel inside the page), 'window' (the extension's panel window), 'scan' (a badge).
const jobs = new Map();
let counter = 0;

function createJob(props) {
  const job = { id: `${Date.now().toString(36)}-${(++counter).toString(36)}`, events: [], done: false, ...props };
  jobs.set(job.id, job);
  return job;
}

function sendToFrame(tabId, frameId, msg) {
  return api.tabs.sendMessage(tabId, msg, { frameId }).catch(() => undefined);
}

function record(job, event) {
  const last = job.events[job.events.length - 1];
  if (event.type === 'progress' && last?.type === 'progress') job.events[job.events.length - 1] = event;
  else job.events.push(event);
  if (job.events.length > EVENT_LOG_MAX) job.events.splice(1, job.events.length - EVENT_LOG_MAX);
}

function deliver(job, event) {
  record(job, event);
  if (job.where === 'page' || job.where === 'scan') {
    sendToFrame(job.tabId, job.frameId, { to: 'content', type: 'job-event', job: job.id, event });
  } else if (job.where === 'window' && job.windowReady) {
    api.runtime.sendMessage({ to: 'panel', type: 'job-event', job: job.id, event }).catch(() => {});
  }
  if (isFinalEvent(event) && !job.done) {
    job.done = true;
    if (job.where === 'scan' && event.type === 'final') countScanned(job, event.report);
    setTimeout(() => jobs.delete(job.id), KEEP_DONE_MS);
  }
}

engine.onEvent((id, event) => {
  const job = jobs.get(id);
  if (job) deliver(job, event);
});

function run(job, request) {
  return engine.run(job.id, request).catch((e) => deliver(job, { type: 'failed', key: 'error.engine', vars: { detail: String(e?.message || e) } }));
}

function runFailure(job, got, request) {
  return run(job, {
    kind: 'failure', name: request.name, code: failureCode(got), message: failureMessage(got, request), notices: failureNotices(got, request),
  });
}

async function hasSitePermission(url) {
  try {
    return await api.permissions.contains({ origins: [sitePattern(url)] });
  } catch {
    return false;
  }
}

// Injects the content script (idempotent) and asks whether the page accepts injected UI.
async function attachPage(tabId, frameId) {
  try {
    await api.scripting.executeScript({ target: { tabId, frameIds: [frameId] }, files: ['content.js'] });
    const hello = await api.tabs.sendMessage(tabId, { to: 'content', type: 'hello' }, { frameId });
    return { ok: !!hello, optedOut: !!hello?.optedOut };
  } catch {
    return { ok: false };
  }
}

// ---- the context menu ------------------------------------------------------------------------------------------
/**
 * What the menu item does: the contextMenus.onClicked listener calls exactly this (and the browser tests call it
 * with the same `info` and `tab`). The site's permission is asked for synchronously, inside the click's user
 * gesture, the first time a file from another site than the page is checked; a site already granted is not asked
 * again.
 */
export function onContextClick(info, tab) {
  const target = clickTarget(info);
  let permission = null;
  if (target.kind === 'url' && target.crossOrigin) {
    try {
      permission = Promise.resolve(api.permissions.request({ origins: [sitePattern(target.url)] })).catch(() => false);
    } catch {
      permission = Promise.resolve(false);
    }
  }
  return checkClicked(info, tab, target, permission);
}

api.contextMenus.onClicked.addListener((info, tab) => {
  if (info.menuItemId === MENU_ID) onContextClick(info, tab);
});

async function checkClicked(info, tab, target, permission) {
  const lang = await language();
  const t = translator(lang);
  const tabId = tab && Number.isInteger(tab.id) && tab.id >= 0 ? tab.id : null;
  const clickFrame = Number.isInteger(info.frameId) ? info.frameId : 0;
  const inFrame = tabId !== null ? await attachPage(tabId, clickFrame) : { ok: false };
  let panel = inFrame.ok ? { frameId: clickFrame, optedOut: inFrame.optedOut, anchored: true } : null;
  if (!panel && tabId !== null && clickFrame !== 0) {
    const top = await attachPage(tabId, 0);
    if (top.ok) panel = { frameId: 0, optedOut: top.optedOut, anchored: false };
  }

  const name = target.kind === 'text' ? t('ext.source.selection') : target.name || 'file';
  let text;
  if (target.kind === 'text') {
    // The page's own selection keeps what the menu's copy loses (line breaks, invisible characters).
    const got = inFrame.ok ? await sendToFrame(tabId, clickFrame, { to: 'content', type: 'selection' }) : null;
    text = got && typeof got.text === 'string' && got.text.trim() ? got.text : target.text;
  }
  const job = createJob({ tabId, frameId: panel ? panel.frameId : 0, kind: target.kind });
  job.view = { name, source: target.kind === 'url' && !target.url.startsWith('data:') ? target.url : undefined, text };

  if (panel && !panel.optedOut) {
    job.where = 'page';
    await sendToFrame(tabId, panel.frameId, {
      to: 'content', type: 'panel-open', job: job.id, view: job.view, lang,
      anchor: panel.anchored && target.kind !== 'unsupported' ? { kind: target.kind, url: target.url, mediaType: target.mediaType } : null,
    });
  } else {
    job.where = 'window';
    job.notice = panel?.optedOut ? 'ext.panel.optedOut' : 'ext.panel.noPageAccess';
    await openWindow(api.runtime.getURL(`panel.html#${job.id}`), PANEL_WINDOW);
  }

  if (target.kind === 'unsupported') {
    return run(job, { kind: 'failure', name, code: 'unsupported', message: 'There is no file or text here that dsmark can read.', notices: [] });
  }
  if (target.kind === 'text') {
    if (!text || !text.trim()) {
      return run(job, { kind: 'failure', name, code: 'empty', message: 'No text was selected.', notices: [{ key: 'ext.fetch.noText' }] });
    }
    return run(job, { kind: 'text', text, name: 'selection.txt' });
  }

  const request = { url: target.url, name, site: target.crossOrigin ? new URL(target.url).hostname : undefined };
  const granted = permission ? await permission : false;
  // The page reads its own site's files (from the browser's cache, as the reader saw them); the extension reads
  // another site's files when it holds that site's permission.
  if (target.url.startsWith('data:') || (target.crossOrigin && (granted || (await hasSitePermission(target.url))))) {
    return run(job, { kind: 'url', ...request });
  }
  if (inFrame.ok) {
    await engine.prepareForBytes();
    const got = await sendToFrame(tabId, clickFrame, { to: 'content', type: 'fetch', job: job.id, url: target.url });
    if (got?.ok) return run(job, { kind: 'received', ...request });
    return runFailure(job, got || { error: 'network' }, request);
  }
  if (target.pageOnly) return runFailure(job, { error: 'stream' }, request);
  // No access to the page and no permission: the extension's own request still works where the site allows it.
  return run(job, { kind: 'url', ...request });
}

// ---- the per-site scan ---------------------------------------------------------------------------------------
let syncing = Promise.resolve();
// Registers the scanning content script for exactly the sites that are turned on and still permitted.
function syncScanRegistration() {
  syncing = syncing.then(async () => {
    const { scanSites = [] } = await api.storage.local.get('scanSites');
    const { origins = [] } = await api.permissions.getAll();
    const sites = sitesWithPermission(scanSites, origins);
    if (sites.length !== scanSites.length) await api.storage.local.set({ scanSites: sites });
    const registered = await api.scripting.getRegisteredContentScripts({ ids: [SCAN_SCRIPT_ID] }).catch(() => []);
    if (registered.length) await api.scripting.unregisterContentScripts({ ids: [SCAN_SCRIPT_ID] });
    const registration = scanRegistration(sites);
    if (registration) await api.scripting.registerContentScripts([registration]);
  }).catch((e) => console.error('dsmark: the scan could not be registered', e));
  return syncing;
}
api.permissions.onRemoved?.addListener(() => syncScanRegistration());
// The popup asked for a site's permission to scan it; the browser may have closed the popup meanwhile.
api.permissions.onAdded?.addListener(async ({ origins = [] }) => {
  const { pendingScan } = await api.storage.local.get('pendingScan');
  if (!pendingScan || !origins.includes(`${pendingScan}/*`)) return;
  await api.storage.local.remove('pendingScan');
  await setSiteScan(pendingScan, true);
});

async function setSiteScan(site, on) {
  const { scanSites = [] } = await api.storage.local.get('scanSites');
  const next = on ? [...new Set([...scanSites, site])] : scanSites.filter((s) => s !== site);
  await api.storage.local.set({ scanSites: next });
  await syncScanRegistration();
}

// Pictures with an AI label found by the scan, per tab: the number on the toolbar button.
const found = new Map(); // tabId → Set of URLs

function countScanned(job, report) {
  if (!report || !AI_VERDICTS.has(report.verdict)) return;
  const set = found.get(job.tabId) || new Set();
  set.add(job.url);
  found.set(job.tabId, set);
  showCount(job.tabId);
}

function showCount(tabId) {
  const n = found.get(tabId)?.size || 0;
  api.action.setBadgeText({ tabId, text: n ? String(n) : '' }).catch(() => {});
  if (n) api.action.setBadgeBackgroundColor({ tabId, color: '#b42318' }).catch(() => {});
}

function resetCount(tabId) {
  found.delete(tabId);
  showCount(tabId);
}

/** Scans the page in a tab now (the popup's switch; activeTab lets the extension into the page). */
export async function scanTab(tabId) {
  const page = await attachPage(tabId, 0);
  if (!page.ok) return { ok: false };
  if (page.optedOut) return { ok: true, optedOut: true };
  resetCount(tabId);
  await sendToFrame(tabId, 0, { to: 'content', type: 'scan-start' });
  return { ok: true };
}

async function startScanJob(sender, msg) {
  const job = createJob({ tabId: sender.tab.id, frameId: sender.frameId ?? 0, where: 'scan', kind: 'url', url: msg.url });
  job.view = { name: String(msg.name || 'image'), source: msg.url };
  const request = { url: msg.url, name: job.view.name };
  if (msg.url.startsWith('data:') || (msg.crossOrigin && (await hasSitePermission(msg.url)))) {
    run(job, { kind: 'url', ...request });
    return { job: job.id, mode: 'engine' };
  }
  await engine.prepareForBytes();
  return { job: job.id, mode: 'page' };
}

// ---- messages from content scripts, the panel window and the popup ----------------------------------------------
async function handle(msg, sender) {
  const fromContent = !!sender.tab;
  switch (msg.type) {
    case 'cancel':
      if (jobs.has(msg.job)) await engine.cancel(msg.job);
      return { ok: true };
    case 'panel-hello': {
      const job = jobs.get(msg.job);
      if (!job) return { gone: true, lang: await language() };
      job.windowReady = true;
      return { view: job.view, events: job.events, notice: job.notice, lang: await language() };
    }
    case 'scan-job':
      if (!fromContent || typeof msg.url !== 'string') return null;
      return startScanJob(sender, msg);
    case 'scan-fetched': {
      const job = jobs.get(msg.job);
      if (!job || job.tabId !== sender.tab?.id) return null;
      const request = { url: job.url, name: job.view.name };
      if (msg.result?.ok) run(job, { kind: 'received', ...request });
      else runFailure(job, msg.result || { error: 'network' }, request);
      return { ok: true };
    }
    case 'scan-reset':
      if (fromContent) resetCount(sender.tab.id);
      return { ok: true };
    // From the popup (an extension page: no sender.tab).
    case 'scan-now':
      if (fromContent) return null;
      return scanTab(msg.tabId);
    case 'scan-stop':
      if (fromContent) return null;
      await sendToFrame(msg.tabId, 0, { to: 'content', type: 'scan-stop' });
      resetCount(msg.tabId);
      return { ok: true };
    case 'scan-site':
      if (fromContent || !siteOf(`${msg.site}/`)) return null;
      await setSiteScan(msg.site, !!msg.on);
      return { ok: true };
    case 'popup-state':
      if (fromContent) return null;
      return { found: found.get(msg.tabId)?.size || 0 };
    default:
      return undefined;
  }
}

api.runtime.onMessage.addListener((msg, sender, reply) => {
  if (!msg || msg.to !== 'background' || sender.id !== api.runtime.id) return undefined;
  if (msg.type === 'job-event' || msg.type === 'engine-idle') return undefined; // ext.js handles the engine's own
  handle(msg, sender).then(reply, (e) => reply({ error: String(e?.message || e) }));
  return true;
});

api.tabs.onRemoved.addListener((tabId) => {
  found.delete(tabId);
  for (const job of jobs.values()) if (job.tabId === tabId && !job.done && job.where !== 'window') engine.cancel(job.id);
});

// For the browser tests: the same handlers the menu and the popup's switch call.
globalThis.dsmark = { onContextClick, scanTab, jobs };
