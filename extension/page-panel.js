// The panel inside the page (content script): the page's ResultView in a closed Shadow DOM, placed beside the
// element that was checked. Closed, so the page's scripts cannot read or rewrite what it says; positioned
// `fixed`, so it stays in view while the reader scrolls; Escape or the close button removes it.
import { translator } from './i18n.js';
import { applyJobEvent } from './job-events.js';
import { GAP, placePanel } from './placement.js';
import { ResultView } from './result-view.js';

const SVG_NS = 'http://www.w3.org/2000/svg';
const WIDTH = 380;

export function adoptStyles(shadow, css) {
  try {
    const sheet = new CSSStyleSheet();
    sheet.replaceSync(css);
    shadow.adoptedStyleSheets = [sheet];
  } catch {
    // Browsers (or content-script worlds) without constructable style sheets.
    const style = shadow.ownerDocument.createElement('style');
    style.textContent = css;
    shadow.append(style);
  }
}

// The host element's box, inline and !important over `all: initial`: nothing in the page's style sheets can move,
// hide behind or restyle it (important declarations inside the shadow tree would win over these, so there are none).
export function setHostStyle(host, props) {
  host.style.setProperty('all', 'initial', 'important');
  for (const [k, v] of Object.entries(props)) host.style.setProperty(k, v, 'important');
}

export function logo(doc) {
  const svg = doc.createElementNS(SVG_NS, 'svg');
  svg.setAttribute('viewBox', '0 0 64 64');
  svg.setAttribute('aria-hidden', 'true');
  svg.setAttribute('focusable', 'false');
  svg.setAttribute('class', 'dsx-logo');
  for (const [tag, attrs] of [
    ['rect', { width: 64, height: 64, rx: 14, fill: '#1f3a5f' }],
    ['circle', { cx: 28, cy: 28, r: 14, fill: 'none', stroke: '#fff', 'stroke-width': 5 }],
    ['path', { d: 'M38 38l12 12', stroke: '#fff', 'stroke-width': 6, 'stroke-linecap': 'round' }],
    ['path', { d: 'M28 19l2.6 6.4L37 28l-6.4 2.6L28 37l-2.6-6.4L19 28l6.4-2.6z', fill: '#ffb547' }],
  ]) {
    const e = doc.createElementNS(SVG_NS, tag);
    for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, String(v));
    svg.append(e);
  }
  return svg;
}

// The element a context-menu click was on, found again from its URL (the click itself is not visible to a script
// injected afterwards); the visible one when several match.
export function findAnchor(doc, anchor) {
  if (!anchor) return null;
  if (anchor.kind === 'text') {
    const sel = doc.getSelection();
    if (sel && sel.rangeCount) {
      const rect = sel.getRangeAt(0).getBoundingClientRect();
      if (rect.width || rect.height) return { rect };
    }
    return null;
  }
  const abs = (u) => {
    try {
      return new URL(u, doc.baseURI).href;
    } catch {
      return '';
    }
  };
  const url = anchor.url;
  let found = [];
  if (anchor.mediaType === 'image') {
    found = [...doc.images].filter((i) => i.currentSrc === url || abs(i.getAttribute('src') || '') === url);
  } else if (anchor.mediaType === 'video' || anchor.mediaType === 'audio') {
    found = [...doc.querySelectorAll('video, audio')].filter((m) => m.currentSrc === url || abs(m.getAttribute('src') || '') === url
      || [...m.querySelectorAll('source')].some((s) => abs(s.getAttribute('src') || '') === url));
  } else {
    found = [...doc.querySelectorAll('a[href], area[href]')].filter((a) => a.href === url);
  }
  const view = doc.defaultView;
  const rects = found.map((el) => ({ el, rect: el.getBoundingClientRect() })).filter(({ rect }) => rect.width || rect.height);
  const visible = rects.find(({ rect }) => rect.bottom > 0 && rect.right > 0 && rect.top < view.innerHeight && rect.left < view.innerWidth);
  return visible || rects[0] || null;
}

export class PagePanel {
  constructor({ api, doc, css, onLang }) {
    this.api = api;
    this.doc = doc;
    this.css = css;
    this.onLang = onLang;
    this.host = null;
    this.job = null;
    this.onKey = (e) => {
      if (e.key === 'Escape' && this.host && e.composedPath().includes(this.host)) this.close();
    };
  }

  /** Opens the panel for a check `job` (its events follow; closing the panel cancels it): `view` {name, source,
   * text}, `anchor` as findAnchor takes. For a badge the scan put on the page: `anchorEl`, and the finished
   * `report` or the scan's job to `follow` (closing the panel leaves that check running). */
  open({ job, follow, view: state, anchor, anchorEl, lang, report }) {
    this.close();
    const doc = this.doc;
    this.job = job || follow || null;
    this.cancelOnClose = !!job;
    this.lang = lang;
    const t = translator(lang);
    const host = doc.createElement('dsmark-extension-panel');
    const shadow = host.attachShadow({ mode: 'closed' });
    adoptStyles(shadow, this.css);
    const card = doc.createElement('section');
    card.className = 'dsx-panel';
    card.setAttribute('role', 'dialog');
    card.tabIndex = -1;
    const head = doc.createElement('header');
    head.className = 'dsx-head';
    const title = doc.createElement('h2');
    title.className = 'dsx-title';
    title.id = 'dsx-title';
    card.setAttribute('aria-labelledby', 'dsx-title');
    const langButton = doc.createElement('button');
    langButton.type = 'button';
    langButton.className = 'dsx-lang';
    langButton.addEventListener('click', () => this.onLang?.(this.lang === 'en' ? 'zh-CN' : 'en'));
    const close = doc.createElement('button');
    close.type = 'button';
    close.className = 'dsx-close';
    close.textContent = '×';
    close.addEventListener('click', () => this.close());
    head.append(logo(doc), title, langButton, close);
    const body = doc.createElement('div');
    body.className = 'dsx-body';
    const foot = doc.createElement('p');
    foot.className = 'dsx-foot';
    this.view = new ResultView({
      document: doc, lang, headingLevel: 3,
      onCancel: job ? () => this.api.runtime.sendMessage({ to: 'background', type: 'cancel', job }).catch(() => {}) : undefined,
    });
    body.append(this.view.element);
    card.append(head, body, foot);
    shadow.append(card);
    this.parts = { title, langButton, close, foot, card };
    this.label(t);
    if (report) this.view.update({ ...state, phase: 'done', report });
    else this.view.update({ ...state, phase: 'queued' });

    doc.documentElement.append(host);
    this.host = host;
    const found = anchorEl ? { rect: anchorEl.getBoundingClientRect() } : findAnchor(doc, anchor);
    const view = doc.defaultView;
    const place = placePanel(found?.rect || null, { width: view.innerWidth, height: view.innerHeight }, WIDTH, Math.round(view.innerHeight * 0.7));
    setHostStyle(host, {
      position: 'fixed', 'z-index': '2147483647', display: 'block',
      left: `${Math.round(place.left)}px`, top: `${Math.round(place.top)}px`, width: `${Math.round(place.width)}px`,
      '--dsx-max-height': `${Math.round(place.maxHeight)}px`,
    });
    doc.addEventListener('keydown', this.onKey, true);
    card.focus({ preventScroll: true });
  }

  label(t) {
    const { title, langButton, close, foot } = this.parts;
    title.textContent = t('ext.panel.title');
    langButton.textContent = t('lang.switch');
    langButton.lang = t.lang === 'en' ? 'zh-CN' : 'en';
    langButton.setAttribute('aria-label', t('lang.switchLabel'));
    close.setAttribute('aria-label', t('ext.panel.close'));
    close.title = t('ext.panel.close');
    foot.textContent = t('ext.panel.privacy');
  }

  event(job, event) {
    if (this.host && job === this.job) applyJobEvent(this.view, event);
  }

  setLang(lang) {
    this.lang = lang;
    if (!this.host) return;
    this.label(translator(lang));
    this.view.setLang(lang);
  }

  /** The ResultView's element (for reading the result: data-verdict). */
  get result() {
    return this.host ? this.view.element : null;
  }

  close() {
    if (!this.host) return;
    if (this.job && this.cancelOnClose && !this.view.element.hasAttribute('data-verdict')) {
      this.api.runtime.sendMessage({ to: 'background', type: 'cancel', job: this.job }).catch(() => {});
    }
    this.doc.removeEventListener('keydown', this.onKey, true);
    this.host.remove();
    this.host = null;
    this.job = null;
  }
}
