// The content script (built into one classic script by scripts/lib/bundle-classic.mjs: content scripts cannot be
// modules). Injected by the background into the frame a check was asked in (activeTab or the site's permission),
// or registered for the sites the user turned the scan on for. It shows the panel, reads the selection, reads
// files the way the page may, and runs the scan. Guarded so that injecting it twice changes nothing.
import { CONTENT_CSS } from './content-styles.js';
import { pickLanguage } from './i18n.js';
import { pageOptedOut } from './opt-out.js';
import { readSelection, streamToEngine } from './page-fetch.js';
import { PagePanel } from './page-panel.js';
import { Scanner } from './scanner.js';
import { siteOf } from './sites.js';

// Files the page reads for the extension are streamed as text over extension messaging: kept reasonable.
const PAGE_FETCH_MAX = 256 * 1024 * 1024;

function main() {
  const api = globalThis.browser ?? globalThis.chrome;
  let lang = pickLanguage(null, navigator.languages);
  const setLang = (l) => api.storage.local.set({ lang: l }).catch(() => {});
  const panel = new PagePanel({ api, doc: document, css: CONTENT_CSS, onLang: setLang });
  const scanner = new Scanner({
    api,
    doc: document,
    css: CONTENT_CSS,
    getLang: () => lang,
    onOpen({ img, url, job, report, partial, done }) {
      const view = { name: img.alt?.trim() ? `${img.alt.trim().slice(0, 80)}` : url.split(/[?#]/)[0].split('/').pop() || 'image', source: url.startsWith('data:') ? undefined : url };
      if (done && report) panel.open({ view, report, anchorEl: img, lang });
      else {
        // Still looking for watermarks: the panel follows the rest of the check (and does not cancel it when closed).
        panel.open({ view, anchorEl: img, lang, follow: job });
        if (partial) panel.view.update({ partialReport: partial, phase: 'detectors' });
      }
    },
  });

  api.storage.local.get(['lang', 'scanSites']).then(({ lang: saved, scanSites = [] }) => {
    lang = pickLanguage(saved, navigator.languages);
    if (scanSites.includes(siteOf(location.href))) scanner.start();
  }).catch(() => {});
  api.storage.onChanged.addListener((changes, area) => {
    if (area !== 'local' || !changes.lang) return;
    lang = pickLanguage(changes.lang.newValue, navigator.languages);
    panel.setLang(lang);
    scanner.setLang(lang);
  });

  api.runtime.onMessage.addListener((msg, sender, reply) => {
    if (!msg || msg.to !== 'content' || sender.id !== api.runtime.id) return undefined;
    switch (msg.type) {
      case 'hello':
        reply({ optedOut: pageOptedOut(document) });
        return undefined;
      case 'panel-open':
        if (msg.lang) lang = msg.lang;
        panel.open({ job: msg.job, view: msg.view, anchor: msg.anchor, lang });
        reply({ ok: true });
        return undefined;
      case 'job-event':
        scanner.event(msg.job, msg.event);
        panel.event(msg.job, msg.event);
        return undefined;
      case 'selection':
        reply({ text: readSelection(document) });
        return undefined;
      case 'fetch':
        streamToEngine(api, msg.job, msg.url, PAGE_FETCH_MAX).then(reply, () => reply({ error: 'network' }));
        return true;
      case 'scan-start':
        reply({ state: scanner.start() });
        return undefined;
      case 'scan-stop':
        scanner.stop();
        reply({ ok: true });
        return undefined;
      default:
        return undefined;
    }
  });
}

if (!globalThis.__dsmarkContentLoaded) {
  globalThis.__dsmarkContentLoaded = true;
  main();
}
