// The page: inputs (files, drop, paste, text, URL) in, one ResultView per input out. The core runs in a worker
// (checker.js); this file only wires the page together and never looks at marks itself.
import { Checker } from './checker.js';
import { formatBytes } from './explain.js';
import { pickLanguage, translator } from './i18n.js';
import { ResultView } from './result-view.js';

const $ = (sel) => document.querySelector(sel);
const html = document.documentElement;

function savedLanguage() {
  try {
    return localStorage.getItem('dsmark.lang');
  } catch {
    return null; // storage can be blocked; the browser's language is used then
  }
}

let lang = pickLanguage(savedLanguage(), navigator.languages);
let t = translator(lang);
const entries = []; // {view, job, previewUrl, abort}
let engineState = { state: 'loading' };
let offlineState = null;

// ---- language ----------------------------------------------------------------------------------------------
function applyLanguage() {
  t = translator(lang);
  html.lang = lang;
  document.title = `${t('page.title')} · dsmark`;
  for (const el of document.querySelectorAll('[data-i18n]')) el.textContent = t(el.dataset.i18n);
  for (const el of document.querySelectorAll('[data-i18n-placeholder]')) el.placeholder = t(el.dataset.i18nPlaceholder);
  for (const el of document.querySelectorAll('[data-i18n-aria-label]')) el.setAttribute('aria-label', t(el.dataset.i18nAriaLabel));
  const mac = /Mac|iPhone|iPad/.test(navigator.userAgentData?.platform || navigator.platform || '');
  $('#paste-keys').textContent = t('drop.pasteKeys', { keys: mac ? '⌘V' : 'Ctrl+V' });
  const button = $('#lang');
  button.textContent = t('lang.switch');
  button.lang = lang === 'en' ? 'zh-CN' : 'en';
  button.setAttribute('aria-label', t('lang.switchLabel'));
  showEngine();
  showOffline();
  for (const e of entries) e.view.setLang(lang);
  showSummary();
  for (const id of ['text-msg', 'url-msg', 'paste-msg']) {
    const el = $(`#${id}`);
    if (el.dataset.key) el.textContent = t(el.dataset.key, JSON.parse(el.dataset.vars || '{}'));
  }
}

$('#lang').addEventListener('click', () => {
  lang = lang === 'en' ? 'zh-CN' : 'en';
  try {
    localStorage.setItem('dsmark.lang', lang);
  } catch {
    /* not saved: fine */
  }
  applyLanguage();
});

// A message under a form, kept as a key so it follows the language.
function say(id, key, vars) {
  const el = $(`#${id}`);
  if (!key) {
    delete el.dataset.key;
    el.textContent = '';
    return;
  }
  el.dataset.key = key;
  el.dataset.vars = JSON.stringify(vars || {});
  el.textContent = t(key, vars);
}

function announce(text) {
  const region = $('#announce');
  const p = document.createElement('p');
  p.textContent = text;
  region.append(p);
  while (region.childNodes.length > 5) region.firstChild.remove();
}

// ---- the engine and offline use ------------------------------------------------------------------------------
function showEngine() {
  const el = $('#engine');
  el.dataset.state = engineState.state;
  const span = el.firstElementChild;
  delete span.dataset.i18n;
  span.textContent = engineState.state === 'failed'
    ? t(engineState.failure.key, engineState.failure.vars)
    : t(engineState.state === 'ready' ? 'engine.ready' : 'engine.loading');
  $('#version').textContent = engineState.version ? t('footer.line', { version: engineState.version }) : '';
}

function showOffline() {
  const el = $('#offline');
  el.textContent = offlineState ? t(offlineState) : '';
}

const checker = new Checker({
  onStatus(state, info) {
    if (state === 'ready') engineState = { state, version: info.version };
    else if (state === 'failed') engineState = { state, failure: info };
    else engineState = { state };
    html.dataset.engine = state;
    if (state === 'ready') html.dataset.verifyText = info.verifyText ? 'yes' : 'no';
    showEngine();
    if (state === 'ready') registerServiceWorker();
  },
});

let swRegistering = false;
// Registered once the engine is ready, so the files it caches are already in the browser's HTTP cache and the
// first visit downloads nothing twice. After that the page loads and works without a network.
async function registerServiceWorker() {
  if (swRegistering) return;
  swRegistering = true;
  if (!('serviceWorker' in navigator) || !window.isSecureContext) {
    offlineState = 'offline.unavailable';
    html.dataset.offline = 'unavailable';
    showOffline();
    return;
  }
  try {
    const hadController = !!navigator.serviceWorker.controller;
    const reg = await navigator.serviceWorker.register('./sw.js', { scope: './' });
    const offerUpdate = (worker) => {
      if (!hadController || !worker) return;
      $('#update').hidden = false;
      $('#reload').onclick = () => worker.postMessage({ type: 'skip-waiting' });
    };
    if (reg.waiting) offerUpdate(reg.waiting);
    reg.addEventListener('updatefound', () => {
      const w = reg.installing;
      w?.addEventListener('statechange', () => {
        if (w.state === 'installed') offerUpdate(w);
      });
    });
    navigator.serviceWorker.addEventListener('controllerchange', () => {
      if (hadController) location.reload();
    });
    await navigator.serviceWorker.ready;
    offlineState = 'offline.ready';
    html.dataset.offline = 'ready';
  } catch {
    offlineState = 'offline.unavailable';
    html.dataset.offline = 'unavailable';
  }
  showOffline();
}

// ---- results -----------------------------------------------------------------------------------------------
// New results go on top, a batch in the order it was given; the first of a batch is scrolled into view.
let batchAnchor = null;
function addEntry(state) {
  const entry = { previewUrl: state.previewUrl };
  entry.view = new ResultView({
    lang,
    headingLevel: 3,
    onCancel: () => {
      entry.abort?.abort();
      entry.job?.cancel();
    },
    onRemove: () => removeEntry(entry),
  });
  entry.view.update(state);
  entries.unshift(entry);
  const list = $('#results');
  if (batchAnchor && batchAnchor.parentNode === list) batchAnchor.after(entry.view.element);
  else {
    list.prepend(entry.view.element);
    const smooth = !matchMedia('(prefers-reduced-motion: reduce)').matches;
    requestAnimationFrame(() => entry.view.element.scrollIntoView({ block: 'nearest', behavior: smooth ? 'smooth' : 'auto' }));
  }
  batchAnchor = entry.view.element;
  queueMicrotask(() => {
    batchAnchor = null;
  });
  $('#results-section').hidden = false;
  return entry;
}

function removeEntry(entry) {
  entry.abort?.abort();
  entry.job?.cancel();
  if (entry.previewUrl) URL.revokeObjectURL(entry.previewUrl);
  entry.view.element.remove();
  entries.splice(entries.indexOf(entry), 1);
  showSummary();
  if (!entries.length) {
    $('#results-section').hidden = true;
    $('#check').focus();
  } else {
    $('#results-title').focus();
  }
}

$('#clear').addEventListener('click', () => {
  for (const e of [...entries]) removeEntry(e);
});

// "12 items: 3 with an AI label, …" once there are several results.
function showSummary() {
  const el = $('#results-summary');
  if (entries.length < 2) {
    el.textContent = '';
    return;
  }
  const n = { total: entries.length, ai: 0, none: 0, error: 0, busy: 0 };
  for (const { view } of entries) {
    const v = view.verdict;
    if (view.element.hasAttribute('aria-busy')) n.busy++;
    else if (v === 'ai' || v === 'possibly-ai' || v === 'suspected-ai') n.ai++;
    else if (v === 'none') n.none++;
    else if (v === 'error') n.error++;
  }
  el.textContent = t(n.busy ? 'results.summaryBusy' : 'results.summary', n);
}

// Job events → the view (and the summary line and the screen reader's announcements).
function listen(entry) {
  const view = entry.view;
  return (event) => {
    switch (event.type) {
      case 'phase':
        view.update({ phase: event.phase });
        break;
      case 'progress':
        view.setProgress(event.loaded, event.total);
        break;
      case 'notice':
        view.update({ notices: [...(view.state.notices || []), { key: event.key, vars: formatVars(event.vars) }] });
        break;
      case 'partial':
        view.update({ partialReport: event.report });
        break;
      case 'final':
        view.update({ report: event.report, phase: 'done' });
        announce(t('announce.done', { name: view.state.name, verdict: t(`verdict.${event.report.verdict}`) }));
        break;
      case 'failed':
        view.update({ failure: { key: event.key, vars: event.vars }, phase: 'done' });
        announce(t('announce.done', { name: view.state.name, verdict: t('verdict.error') }));
        break;
      case 'cancelled':
        view.update({ phase: 'cancelled', report: view.state.partialReport || undefined });
        announce(t('announce.done', { name: view.state.name, verdict: t('verdict.cancelled') }));
        break;
      default:
    }
    if (event.type !== 'progress') showSummary();
  };
}

function formatVars(vars) {
  if (!vars) return vars;
  const out = { ...vars };
  for (const k of ['size', 'max']) if (typeof out[k] === 'number') out[k] = formatBytes(out[k]);
  return out;
}


function checkFiles(files, nameFor = (f) => f.name, notices = []) {
  const list = [...files];
  if (!list.length) return;
  announce(t('announce.started', { n: list.length }));
  for (const file of list) {
    const name = nameFor(file) || 'file';
    const previewUrl = URL.createObjectURL(file);
    const entry = addEntry({ name, size: file.size, phase: 'queued', previewUrl, notices });
    entry.job = checker.check(file, name, listen(entry));
  }
}

// ---- inputs: choose, drop, paste ---------------------------------------------------------------------------
const input = $('#file');
$('#choose').addEventListener('click', () => input.click());
$('#drop').addEventListener('click', (e) => {
  if (e.target === $('#drop') || e.target.closest('.drop-icon, .drop-title, .drop-hint')) input.click();
});
input.addEventListener('change', () => {
  checkFiles(input.files);
  input.value = '';
});

// Files dropped anywhere on the page are checked (and never opened by the browser instead); a picture dragged from
// another web page often arrives as its address only: that is fetched like a URL typed in.
let dragDepth = 0;
const hasFiles = (e) => [...(e.dataTransfer?.types || [])].some((x) => x === 'Files' || x === 'text/uri-list');
window.addEventListener('dragenter', (e) => {
  if (!hasFiles(e)) return;
  dragDepth++;
  document.body.classList.add('dragging');
});
window.addEventListener('dragleave', () => {
  dragDepth = Math.max(0, dragDepth - 1);
  if (!dragDepth) document.body.classList.remove('dragging');
});
window.addEventListener('dragover', (e) => {
  if (!hasFiles(e)) return;
  e.preventDefault();
  e.dataTransfer.dropEffect = 'copy';
});
window.addEventListener('drop', (e) => {
  dragDepth = 0;
  document.body.classList.remove('dragging');
  if (e.dataTransfer?.files?.length) {
    e.preventDefault();
    checkFiles(e.dataTransfer.files);
    return;
  }
  const uri = (e.dataTransfer?.getData('text/uri-list') || '').split(/\r?\n/).find((l) => l && !l.startsWith('#'));
  if (uri) {
    e.preventDefault();
    $('#url').value = uri;
    checkUrl(uri);
  }
});

// Paste: pictures and files are checked; text pasted outside a text field goes to the text box and is checked.
document.addEventListener('paste', (e) => {
  const data = e.clipboardData;
  if (!data) return;
  const files = [...data.files];
  const editable = e.target.closest?.('textarea, input, [contenteditable]');
  if (files.length) {
    e.preventDefault();
    say('paste-msg', null);
    // Browsers name every pasted picture image.png and re-encode it, which drops most metadata: say so.
    const pastedPicture = (f) => !f.name || /^image\.\w+$/.test(f.name);
    checkFiles(files, (f) => {
      if (!pastedPicture(f)) return f.name;
      const ext = (f.type.split('/')[1] || 'bin').replace('jpeg', 'jpg').replace(/\W.*$/, '');
      return `${t('paste.imageName')}.${ext}`;
    }, files.some(pastedPicture) ? [{ key: 'paste.reencoded' }] : []);
    return;
  }
  if (editable) return;
  const text = data.getData('text/plain');
  if (text) {
    e.preventDefault();
    $('#text').value = text;
    checkText();
  } else {
    say('paste-msg', 'paste.noFile');
  }
});

// ---- text ----------------------------------------------------------------------------------------------------
function checkText() {
  const text = $('#text').value;
  if (!text.trim()) {
    say('text-msg', 'text.empty');
    $('#text').focus();
    return;
  }
  say('text-msg', null);
  const name = t('text.name');
  const entry = addEntry({ name, size: new TextEncoder().encode(text).length, phase: 'queued', text });
  entry.job = checker.checkText(text, 'pasted-text.txt', listen(entry));
}

$('#text-form').addEventListener('submit', (e) => {
  e.preventDefault();
  checkText();
});

// ---- URL: fetched by this browser, never by anyone else ----------------------------------------------------
function nameFromUrl(url) {
  const last = url.pathname.split('/').filter(Boolean).pop();
  try {
    return last ? decodeURIComponent(last) : url.hostname;
  } catch {
    return last || url.hostname;
  }
}

// Why a fetch failed: a second, opaque request tells "the site refuses other pages" (it answers) from "no answer".
async function whyFetchFailed(url) {
  if (location.protocol === 'https:' && url.protocol === 'http:') return 'url.mixed';
  const probe = new AbortController();
  try {
    await fetch(url, { mode: 'no-cors', credentials: 'omit', referrerPolicy: 'no-referrer', cache: 'no-store', signal: probe.signal });
    probe.abort(); // headers are enough
    return 'url.blocked';
  } catch {
    return 'url.network';
  }
}

async function download(url, entry) {
  const controller = new AbortController();
  entry.abort = controller;
  const response = await fetch(url, {
    mode: 'cors', credentials: 'omit', referrerPolicy: 'no-referrer', cache: 'no-store', signal: controller.signal,
  });
  if (!response.ok) return { failure: 'url.http', status: response.status };
  const declared = Number(response.headers.get('content-length'));
  const total = Number.isFinite(declared) && declared > 0 ? declared : undefined;
  if (total > checker.maxBytes) {
    controller.abort();
    return { tooLarge: total };
  }
  const reader = response.body.getReader();
  const chunks = [];
  let loaded = 0;
  entry.view.setProgress(0, total);
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(value);
    loaded += value.length;
    if (loaded > checker.maxBytes) {
      controller.abort();
      return { tooLarge: loaded };
    }
    entry.view.setProgress(loaded, total && Math.max(total, loaded));
  }
  entry.abort = null;
  return { blob: new Blob(chunks, { type: response.headers.get('content-type') || '' }) };
}

async function checkUrl(raw) {
  let url;
  try {
    url = new URL(raw.trim());
  } catch {
    say('url-msg', 'url.invalid');
    return;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    say('url-msg', 'url.scheme');
    return;
  }
  say('url-msg', null);
  const name = nameFromUrl(url);
  const entry = addEntry({ name, source: url.href, phase: 'downloading' });
  announce(t('announce.started', { n: 1 }));
  const fail = (code, message, notices) => {
    entry.view.update({ notices });
    entry.job = checker.reportFailure(name, code, message, listen(entry));
  };
  let got;
  try {
    got = await download(url, entry);
  } catch (e) {
    if (entry.abort?.signal.aborted) {
      entry.view.update({ phase: 'cancelled' });
      announce(t('announce.done', { name, verdict: t('verdict.cancelled') }));
      return;
    }
    const why = await whyFetchFailed(url);
    fail('io', `The browser could not fetch ${url.href}: ${why === 'url.blocked' ? 'the site does not allow other pages to read it (CORS)' : String(e.message || e)}.`,
      [{ key: why }, { key: 'url.suggest' }]);
    return;
  }
  if (got.failure) {
    fail('io', `The site answered HTTP ${got.status} for ${url.href}.`, [{ key: got.failure, vars: { status: got.status } }, { key: 'url.suggest' }]);
    return;
  }
  if (got.tooLarge) {
    fail('limit', `The file is ${got.tooLarge} bytes; the web page checks files up to ${checker.maxBytes} bytes.`,
      [{ key: 'error.tooLarge', vars: formatVars({ size: got.tooLarge, max: checker.maxBytes }) }]);
    return;
  }
  entry.previewUrl = URL.createObjectURL(got.blob);
  entry.view.update({ size: got.blob.size, previewUrl: entry.previewUrl, phase: 'queued' });
  entry.job = checker.check(got.blob, name, listen(entry));
}

$('#url-form').addEventListener('submit', (e) => {
  e.preventDefault();
  const raw = $('#url').value;
  if (!raw.trim()) {
    say('url-msg', 'url.empty');
    $('#url').focus();
    return;
  }
  checkUrl(raw);
});

applyLanguage();
