// The toolbar popup: how to check, the per-site scan switch (off by default), the language. Opening it grants
// activeTab, so the current page can be scanned at once; scanning the site on later visits needs the site's
// permission, asked for here inside the click. The background finishes turning the scan on when the permission
// arrives (permissions.onAdded), because the browser may close this popup while it asks.
import { pickLanguage, translator } from './i18n.js';
import { siteOf, sitePatternOf } from './sites.js';

const api = globalThis.browser ?? globalThis.chrome;
const $ = (id) => document.getElementById(id);
const send = (msg) => api.runtime.sendMessage({ to: 'background', ...msg }).catch(() => null);

const [tab] = await api.tabs.query({ active: true, currentWindow: true });
const site = tab?.url ? siteOf(tab.url) : null;
const stored = await api.storage.local.get(['lang', 'scanSites']);
let lang = pickLanguage(stored.lang, navigator.languages);
let status = null;
let found = 0;

function label() {
  const t = translator(lang);
  document.documentElement.lang = lang;
  for (const el of document.querySelectorAll('[data-i18n]')) el.textContent = t(el.dataset.i18n);
  $('lang').textContent = t('lang.switch');
  $('lang').lang = lang === 'en' ? 'zh-CN' : 'en';
  $('lang').setAttribute('aria-label', t('lang.switchLabel'));
  $('status').textContent = status ? t(status) : '';
  $('found').textContent = found ? t('ext.popup.found', { n: found }) : '';
  $('version').textContent = `dsmark ${api.runtime.getManifest().version}`;
}

function say(key) {
  status = key;
  label();
}

async function showAccess() {
  const granted = site ? await api.permissions.contains({ origins: [sitePatternOf(site)] }) : false;
  $('access').hidden = !granted;
}

$('lang').addEventListener('click', () => {
  lang = lang === 'en' ? 'zh-CN' : 'en';
  api.storage.local.set({ lang });
  label();
});

const scan = $('scan');
scan.checked = !!site && (stored.scanSites || []).includes(site);
scan.disabled = !site;
if (!site) status = 'ext.popup.unavailable';

scan.addEventListener('change', () => {
  if (!scan.checked) {
    api.storage.local.remove('pendingScan');
    send({ type: 'scan-site', site, on: false });
    send({ type: 'scan-stop', tabId: tab.id });
    found = 0;
    say(null);
    return;
  }
  // Inside the click's user gesture: the permission to scan this site on later visits.
  const ask = api.permissions.request({ origins: [sitePatternOf(site)] });
  api.storage.local.set({ pendingScan: site });
  say('ext.popup.scanAsk');
  send({ type: 'scan-now', tabId: tab.id }).then((r) => {
    if (r?.optedOut) say('ext.popup.optedOut');
    else if (!r?.ok) say('ext.popup.unavailable');
  });
  Promise.resolve(ask).then((granted) => {
    if (granted) {
      send({ type: 'scan-site', site, on: true });
      if (status === 'ext.popup.scanAsk') say('ext.popup.scanOn');
    } else {
      scan.checked = false;
      say('ext.popup.scanDenied');
    }
    api.storage.local.remove('pendingScan');
    showAccess();
  }, () => {
    scan.checked = false;
    say('ext.popup.scanDenied');
  });
});

$('revoke').addEventListener('click', async () => {
  await send({ type: 'scan-site', site, on: false });
  await api.permissions.remove({ origins: [sitePatternOf(site)] }).catch(() => false);
  scan.checked = false;
  say(null);
  showAccess();
});

if (tab) found = (await send({ type: 'popup-state', tabId: tab.id }))?.found || 0;
label();
showAccess();
