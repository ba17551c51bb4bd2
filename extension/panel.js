// The extension's own panel window: shows a check when the page cannot host the in-page panel (it opted out of
// injected UI, or it is a page extensions may not touch). The same ResultView and words as the page.
import { translator } from './i18n.js';
import { applyJobEvent } from './job-events.js';
import { ResultView } from './result-view.js';

const api = globalThis.browser ?? globalThis.chrome;
const job = decodeURIComponent(location.hash.slice(1));
const $ = (id) => document.getElementById(id);
let lang = 'zh-CN';
let view = null;
let notice = null;

function label() {
  const t = translator(lang);
  document.documentElement.lang = lang;
  retitle();
  $('title').textContent = t('ext.panel.title');
  $('lang').textContent = t('lang.switch');
  $('lang').lang = lang === 'en' ? 'zh-CN' : 'en';
  $('lang').setAttribute('aria-label', t('lang.switchLabel'));
  $('privacy').textContent = t('ext.panel.privacy');
  $('notice').hidden = !notice;
  if (notice) $('notice').textContent = t(notice);
  view?.setLang(lang);
}

// The window's title says the verdict once there is one (seen in the window list and the task bar).
function retitle() {
  const t = translator(lang);
  const verdict = view?.verdict;
  document.title = verdict ? `${t(`verdict.${verdict}`)} · ${t('ext.panel.title')}` : `${t('ext.panel.title')} · dsmark`;
}

function apply(event) {
  applyJobEvent(view, event);
  retitle();
}

$('lang').addEventListener('click', () => api.storage.local.set({ lang: lang === 'en' ? 'zh-CN' : 'en' }));
api.storage.onChanged.addListener((changes, area) => {
  if (area === 'local' && changes.lang) {
    lang = changes.lang.newValue === 'en' ? 'en' : 'zh-CN';
    label();
  }
});

api.runtime.onMessage.addListener((msg) => {
  if (msg?.to === 'panel' && msg.type === 'job-event' && msg.job === job && view) apply(msg.event);
});

const hello = await api.runtime.sendMessage({ to: 'background', type: 'panel-hello', job }).catch(() => null);
lang = hello?.lang === 'en' ? 'en' : 'zh-CN';
if (!hello || hello.gone) {
  notice = 'ext.panel.gone';
} else {
  notice = hello.notice || null;
  view = new ResultView({
    lang, headingLevel: 2,
    onCancel: () => api.runtime.sendMessage({ to: 'background', type: 'cancel', job }).catch(() => {}),
  });
  view.update({ ...hello.view, phase: 'queued' });
  for (const event of hello.events) apply(event);
  $('result').append(view.element);
}
label();
