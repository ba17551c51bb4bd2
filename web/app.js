// The page: files in, the worker's reports out, shown in plain words. No detection logic here.
import { STRINGS, pickLanguage } from './i18n.js';

const state = { lang: pickLanguage(localStorage.getItem('dsmark.lang'), navigator.languages), results: [] };
const worker = new Worker(new URL('./worker.js', import.meta.url), { type: 'module' });
const pending = new Map();
let nextId = 1;

worker.onmessage = (event) => {
  const { id, report, error } = event.data;
  const done = pending.get(id);
  pending.delete(id);
  if (done) done(report, error);
};

const t = (key) => STRINGS[state.lang][key] ?? STRINGS.en[key] ?? key;
const $ = (sel) => document.querySelector(sel);

function applyLanguage() {
  document.documentElement.lang = state.lang;
  document.title = `dsmark · ${t('title')}`;
  for (const el of document.querySelectorAll('[data-i18n]')) el.textContent = t(el.dataset.i18n);
  $('#lang').textContent = t('lang');
  for (const r of state.results) render(r);
}

function el(tag, attrs = {}, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (k === 'class') e.className = v;
    else e.setAttribute(k, v);
  }
  for (const c of children) if (c != null) e.append(c);
  return e;
}

function render(r) {
  const box = r.node;
  box.replaceChildren();
  box.append(el('h2', { class: 'file' }, r.name));
  if (!r.report && !r.error) {
    box.removeAttribute('data-verdict');
    box.setAttribute('aria-busy', 'true');
    box.append(el('p', { class: 'verdict checking' }, t('checking')));
    return;
  }
  box.removeAttribute('aria-busy');
  if (r.error) {
    box.setAttribute('data-verdict', 'error');
    box.append(el('p', { class: 'verdict' }, t('verdict.error')), el('p', {}, t('workerError') + r.error));
    return;
  }
  const rep = r.report;
  box.setAttribute('data-verdict', rep.verdict);
  box.append(el('p', { class: 'verdict' }, t(`verdict.${rep.verdict}`)));
  if (rep.error) box.append(el('p', { class: 'detail' }, rep.error.message));
  if (rep.verdict === 'none') box.append(el('p', { class: 'detail' }, t('noneExplain')));
  for (const m of rep.marks) {
    const item = el('section', { class: 'mark' });
    item.append(el('h3', {}, t(`scheme.${m.scheme}`) === `scheme.${m.scheme}` ? m.scheme : t(`scheme.${m.scheme}`)));
    item.append(el('p', {}, `${t('says')}: ${t(`claim.${m.claim}`)}`));
    // A GB 45438 label's decoded provider codes, in words ("豆包 Doubao (ByteDance)").
    for (const role of ['producer', 'propagator']) {
      const p = m.fields[role];
      if (!p || !p.provider) continue;
      const name = p.provider_zh && p.provider_zh !== p.provider ? `${p.provider_zh} ${p.provider}` : p.provider;
      const org = p.organization && p.organization !== p.provider ? ` (${p.organization})` : '';
      item.append(el('p', {}, `${t(role)}: ${name}${org}`));
    }
    const details = el('details', {}, el('summary', {}, t('details')));
    details.append(el('code', {}, m.carrier));
    const dl = el('dl');
    for (const [k, v] of Object.entries(m.fields)) {
      if (v === '' || v == null) continue;
      dl.append(el('dt', {}, k), el('dd', {}, fieldText(v)));
    }
    details.append(dl);
    item.append(details);
    if (m.problems.length) {
      item.append(el('p', { class: 'problems-title' }, t('problems')));
      item.append(el('ul', { class: 'problems' }, ...m.problems.map((p) => el('li', {}, p))));
    }
    box.append(item);
  }
}

// A field value in plain words: decoded codes ({"provider": "Doubao", …}) as "provider: Doubao · …".
function fieldText(v) {
  if (typeof v === 'string') return v;
  if (Array.isArray(v)) return v.map(fieldText).join(', ');
  if (v && typeof v === 'object') return Object.entries(v).map(([k, x]) => `${k}: ${fieldText(x)}`).join(' · ');
  return String(v);
}

async function check(file) {
  const r = { name: file.name, node: el('article', { class: 'result', 'aria-live': 'polite' }), report: null };
  state.results.unshift(r);
  $('#results').prepend(r.node);
  render(r);
  const bytes = await file.arrayBuffer();
  const id = nextId++;
  await new Promise((resolve) => {
    pending.set(id, (report, error) => {
      r.report = report;
      r.error = error;
      resolve();
    });
    worker.postMessage({ id, name: file.name, bytes }, [bytes]);
  });
  render(r);
}

const input = $('#file');
input.addEventListener('change', () => {
  for (const f of input.files) check(f);
  input.value = '';
});
const zone = $('#drop');
zone.addEventListener('dragover', (e) => {
  e.preventDefault();
  zone.classList.add('over');
});
zone.addEventListener('dragleave', () => zone.classList.remove('over'));
zone.addEventListener('drop', (e) => {
  e.preventDefault();
  zone.classList.remove('over');
  for (const f of e.dataTransfer.files) check(f);
});
$('#lang').addEventListener('click', () => {
  state.lang = state.lang === 'en' ? 'zh-CN' : 'en';
  localStorage.setItem('dsmark.lang', state.lang);
  applyLanguage();
});
applyLanguage();
