// <dsmark-check>: a badge over or beside a picture, clip or text that says whether it carries an AI-generation
// mark, and opens the details (the page's own result view and words) on a click.
//
//   <script type="module" src="…/dsmark/widget.js"></script>
//   <dsmark-check src="photo.jpg"><img src="photo.jpg" alt="…"></dsmark-check>   badge over the picture
//   <dsmark-check src="clip.m4a"></dsmark-check>                                    badge on its own
//   <dsmark-check text="本文由人工智能生成。"></dsmark-check>                        a text
//
// Framework-free; everything inside a Shadow DOM; themed with the --dsm-* custom properties (docs/web-page.md) and
// ::part(badge), ::part(card). Attributes are its API: src, text, name, lang, loading (lazy | eager),
// detectors ("false": metadata only), quiet (no badge when nothing is found). It sets data-verdict (SPEC.md) and
// data-state on itself and fires dsmark-result / dsmark-error. This file is small: the engine, the result view and
// its words are loaded when the first widget comes into view (or at once with loading="eager").
const TAG = 'dsmark-check';
const SVG_NS = 'http://www.w3.org/2000/svg';

const BASE_CSS = `
:host { display: inline-block; position: relative; vertical-align: middle; max-width: 100%; }
:host([hidden]) { display: none; }
.wrap { position: relative; display: inline-flex; align-items: center; max-width: 100%; }
.wrap.media { display: block; }
.badge {
  font: 600 13px/1.2 system-ui, -apple-system, "Segoe UI", "PingFang SC", "Hiragino Sans GB", "Microsoft YaHei", "Noto Sans CJK SC", sans-serif;
  display: inline-flex; align-items: center; gap: 0.3em; white-space: nowrap;
  min-height: 28px; padding: 3px 10px 3px 7px; margin: 0; border-radius: 999px; cursor: pointer;
  color: #fff; background: var(--dsm-error, #525c68); border: 1.5px solid #fff; box-shadow: 0 1px 4px rgba(0, 0, 0, 0.3);
}
.wrap.media .badge { position: absolute; top: 8px; left: 8px; z-index: 1; }
.wrap:not(.media) .badge { margin-inline-start: 0.25em; }
.badge[hidden] { display: none; }
.badge[data-look="ai"] { background: var(--dsm-ai, #b42318); }
.badge[data-look="possibly-ai"] { background: var(--dsm-possibly, #a84a06); }
.badge[data-look="suspected-ai"] { background: var(--dsm-suspected, #7d5600); }
.badge[data-look="none"] { background: var(--dsm-none, #2b5a8a); }
.badge:focus-visible { outline: 3px solid var(--dsm-focus, #1a62c9); outline-offset: 2px; }
.badge svg { width: 15px; height: 15px; flex: none; fill: none; stroke: currentColor; stroke-width: 2.2; stroke-linecap: round; stroke-linejoin: round; }
.badge .spin { transform-origin: 12px 12px; animation: dsm-widget-spin 1s linear infinite; }
@keyframes dsm-widget-spin { to { transform: rotate(360deg); } }
@media (prefers-reduced-motion: reduce) { .badge .spin { animation: none; } }
.card {
  position: fixed; inset: auto; margin: 0; padding: 0; border: 0; background: transparent; color: inherit; overflow: visible;
  width: min(24rem, calc(100vw - 16px)); z-index: 2147483000;
}
.card:focus { outline: none; }
.card:focus-visible .card-inner { outline: 3px solid var(--dsm-focus, #1a62c9); outline-offset: 2px; }
.card:not([popover])[hidden] { display: none; }
.card:not([popover]) { position: absolute; top: calc(100% + 6px); left: 0; }
.card-inner {
  position: relative; max-height: var(--dsm-card-max-height, min(36rem, calc(100vh - 16px))); overflow: auto;
  border-radius: var(--dsm-radius, 0.75rem); box-shadow: 0 12px 32px rgba(16, 32, 52, 0.28), 0 2px 6px rgba(16, 32, 52, 0.16);
  font: 15px/1.5 system-ui, -apple-system, "Segoe UI", "PingFang SC", "Hiragino Sans GB", "Microsoft YaHei", "Noto Sans CJK SC", sans-serif;
}
.close {
  position: absolute; top: 10px; right: 8px; z-index: 1; width: 36px; height: 36px; padding: 0; font: 22px/1 system-ui, sans-serif;
  border: 1px solid var(--dsm-line, #d5dae1); border-radius: 50%; background: var(--dsm-card, #fff); color: var(--dsm-fg, #16202c); cursor: pointer;
}
.close:focus-visible { outline: 3px solid var(--dsm-focus, #1a62c9); outline-offset: 2px; }
.card .dsm-result { padding-right: 3rem; }
`;

const ICONS = {
  ai: [['path', { d: 'M11 2l2.1 6.1L19 10l-5.9 1.9L11 18l-2.1-6.1L3 10l5.9-1.9z', fill: 'currentColor', stroke: 'none' }]],
  'possibly-ai': [['circle', { cx: 12, cy: 12, r: 9.5 }], ['path', { d: 'M9.2 9.2a2.9 2.9 0 1 1 4 2.7c-.8.4-1.2 1-1.2 1.8v.8' }]],
  'suspected-ai': [['path', { d: 'M1.8 12S5.5 5 12 5s10.2 7 10.2 7-3.7 7-10.2 7S1.8 12 1.8 12z' }], ['circle', { cx: 12, cy: 12, r: 3.2 }]],
  none: [['circle', { cx: 10.5, cy: 10.5, r: 6.8 }], ['path', { d: 'M15.5 15.5L21 21' }]],
  error: [['path', { d: 'M6 2.8h8l4.2 4.2v14.2H6z' }], ['path', { d: 'M9.3 11.3l5.4 5.4M14.7 11.3l-5.4 5.4' }]],
  busy: [['circle', { cx: 12, cy: 12, r: 9, 'stroke-dasharray': '42 16', class: 'spin' }]],
};

function sheet(css, root) {
  try {
    const s = new CSSStyleSheet();
    s.replaceSync(css);
    return s;
  } catch {
    const style = root.ownerDocument.createElement('style');
    style.textContent = css;
    return style;
  }
}

function adopt(root, s) {
  if (typeof CSSStyleSheet !== 'undefined' && s instanceof CSSStyleSheet) root.adoptedStyleSheets = [...root.adoptedStyleSheets, s];
  else root.prepend(s);
}

// The engine, the result view and its words, loaded once for every widget on the page.
let modules = null;
function load() {
  modules ??= Promise.all([
    import('./browser.js'), import('./result-view.js'), import('./i18n.js'), import('./job-events.js'), import('./widget-styles.js'),
  ]).then(([browser, view, i18n, events, styles]) => ({
    verify: browser.verify, ResultView: view.ResultView, translator: i18n.translator, pickLanguage: i18n.pickLanguage,
    applyJobEvent: events.applyJobEvent, css: styles.WIDGET_CSS,
  }));
  modules.catch(() => {
    modules = null;
  });
  return modules;
}

let nextId = 1;

export class DsmarkCheckElement extends HTMLElement {
  static get observedAttributes() {
    return ['src', 'text', 'lang', 'name', 'detectors', 'quiet'];
  }

  #report = null;
  #gen = 0;
  #abort = null;
  #view = null;
  #m = null;
  #observer = null;
  #started = false;
  #look = null;
  #styled = false;
  #wrap;
  #badge;
  #card;
  #inner;
  #closeButton;
  #onLayout;
  #onOutside;
  #usePopover;

  constructor() {
    super();
    const root = this.attachShadow({ mode: 'open' });
    adopt(root, sheet(BASE_CSS, root));
    const doc = this.ownerDocument;
    const id = `dsmark-card-${nextId++}`;
    this.#wrap = doc.createElement('div');
    this.#wrap.className = 'wrap';
    const slot = doc.createElement('slot');
    slot.addEventListener('slotchange', () => this.#wrap.classList.toggle('media', slot.assignedElements().length > 0));
    this.#badge = doc.createElement('button');
    this.#badge.type = 'button';
    this.#badge.className = 'badge';
    this.#badge.part = 'badge';
    this.#badge.hidden = true;
    this.#badge.setAttribute('aria-expanded', 'false');
    this.#badge.setAttribute('aria-controls', id);
    this.#badge.addEventListener('click', (e) => {
      e.preventDefault();
      e.stopPropagation();
      this.toggleDetails();
    });
    this.#card = doc.createElement('div');
    this.#card.id = id;
    this.#card.className = 'card';
    this.#card.part = 'card';
    this.#card.setAttribute('role', 'dialog');
    this.#card.tabIndex = -1;
    this.#usePopover = typeof this.#card.showPopover === 'function';
    if (this.#usePopover) {
      this.#card.setAttribute('popover', 'auto');
      this.#card.addEventListener('toggle', (e) => this.#toggled(e.newState === 'open'));
    } else {
      this.#card.hidden = true;
    }
    this.#inner = doc.createElement('div');
    this.#inner.className = 'card-inner';
    this.#closeButton = doc.createElement('button');
    this.#closeButton.type = 'button';
    this.#closeButton.className = 'close';
    this.#closeButton.textContent = '×';
    this.#closeButton.addEventListener('click', () => this.toggleDetails(false));
    this.#card.addEventListener('keydown', (e) => {
      if (e.key === 'Escape' && !this.#usePopover) this.toggleDetails(false);
    });
    this.#card.append(this.#inner);
    this.#wrap.append(slot, this.#badge, this.#card);
    root.append(this.#wrap);
    this.#onLayout = () => this.#place();
    this.#onOutside = (e) => {
      if (!e.composedPath().includes(this)) this.toggleDetails(false);
    };
  }

  get src() {
    return this.getAttribute('src');
  }

  set src(v) {
    if (v === null) this.removeAttribute('src');
    else this.setAttribute('src', v);
  }

  get text() {
    return this.getAttribute('text');
  }

  set text(v) {
    if (v === null) this.removeAttribute('text');
    else this.setAttribute('text', v);
  }

  get report() {
    return this.#report;
  }

  get verdict() {
    return this.#report ? this.#report.verdict : null;
  }

  connectedCallback() {
    if (this.#started) return;
    if (this.getAttribute('loading') === 'eager' || typeof IntersectionObserver === 'undefined') {
      this.#start();
      return;
    }
    // Checked when it comes near the viewport: a long page of widgets loads nothing until one is seen.
    this.#observer = new IntersectionObserver((entries) => {
      if (entries.some((e) => e.isIntersecting)) this.#start();
    }, { rootMargin: '200px' });
    this.#observer.observe(this);
  }

  disconnectedCallback() {
    this.#observer?.disconnect();
    this.#observer = null;
    this.#abort?.abort();
    this.toggleDetails(false);
    if (this.getAttribute('data-state') === 'checking') {
      this.#started = false;
      this.#gen++;
      this.setAttribute('data-state', 'idle');
    }
  }

  attributeChangedCallback(name, old, value) {
    if (old === value) return;
    if (name === 'lang') this.#relabel();
    else if (name === 'quiet') this.#renderBadge();
    else if (this.#started) this.check();
  }

  #start() {
    this.#observer?.disconnect();
    this.#observer = null;
    if (this.#started) return;
    this.#started = true;
    this.check();
  }

  #lang() {
    const own = this.getAttribute('lang') || this.closest('[lang]')?.getAttribute('lang') || '';
    const norm = /^zh/i.test(own) ? 'zh-CN' : /^en/i.test(own) ? 'en' : null;
    return this.#m.pickLanguage(norm, globalThis.navigator?.languages);
  }

  #input() {
    const text = this.getAttribute('text');
    if (text !== null) return text.length ? { input: text, name: this.getAttribute('name') || 'text.txt', text } : null;
    const src = this.getAttribute('src');
    if (!src) return null;
    let url;
    try {
      url = new URL(src, this.ownerDocument.baseURI);
    } catch {
      return null;
    }
    return { input: url, name: this.getAttribute('name') || undefined, source: url.protocol === 'data:' ? undefined : url.href };
  }

  /** Checks now (again); resolves with the report, or null when there is nothing to check or it was replaced. */
  async check() {
    const gen = ++this.#gen;
    this.#started = true;
    this.#abort?.abort();
    const abort = new AbortController();
    this.#abort = abort;
    this.#report = null;
    this.removeAttribute('data-verdict');
    const what = this.#input();
    if (!what) {
      this.setAttribute('data-state', 'idle');
      this.#look = null;
      this.#renderBadge();
      return null;
    }
    this.setAttribute('data-state', 'checking');
    this.#look = 'busy';
    this.#renderBadge();
    let m;
    try {
      m = await load();
    } catch (e) {
      if (gen === this.#gen) this.#fail(e);
      return null;
    }
    if (gen !== this.#gen) return null;
    this.#m = m;
    const lang = this.#lang();
    this.#view = new m.ResultView({ document: this.ownerDocument, lang, headingLevel: 3 });
    const name = what.name ?? (what.input.pathname?.split('/').filter(Boolean).pop() || 'file');
    this.#view.update({ name, source: what.source, text: what.text, phase: 'queued' });
    this.#inner.replaceChildren(this.#closeButton, this.#view.element);
    this.#relabel();
    try {
      const report = await m.verify(what.input, {
        name: what.name,
        detectors: this.getAttribute('detectors') !== 'false',
        signal: abort.signal,
        onEvent: (e) => {
          if (gen === this.#gen) m.applyJobEvent(this.#view, e);
        },
      });
      if (gen !== this.#gen) return report;
      this.#view.update({ report, phase: 'done' });
      this.#report = report;
      this.#look = report.verdict;
      this.setAttribute('data-verdict', report.verdict);
      this.setAttribute('data-state', 'done');
      this.#renderBadge();
      this.dispatchEvent(new CustomEvent('dsmark-result', { bubbles: true, detail: { report } }));
      return report;
    } catch (e) {
      if (gen === this.#gen && !abort.signal.aborted) this.#fail(e);
      return null;
    }
  }

  #fail(error) {
    this.#look = 'error';
    this.setAttribute('data-verdict', 'error');
    this.setAttribute('data-state', 'error');
    this.#view?.update({ failure: { key: /^engine\./.test(error.code || '') ? error.code : 'error.engine', vars: { detail: error.message } }, phase: 'done' });
    this.#renderBadge();
    this.dispatchEvent(new CustomEvent('dsmark-error', { bubbles: true, detail: { error } }));
  }

  #renderBadge() {
    const look = this.#look;
    const quietNone = look === 'none' && this.hasAttribute('quiet');
    this.#badge.hidden = !look || quietNone;
    if (!look) return;
    this.#badge.dataset.look = look;
    const svg = this.ownerDocument.createElementNS(SVG_NS, 'svg');
    svg.setAttribute('viewBox', '0 0 24 24');
    svg.setAttribute('aria-hidden', 'true');
    for (const [tag, attrs] of ICONS[look] || ICONS.none) {
      const e = this.ownerDocument.createElementNS(SVG_NS, tag);
      for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, String(v));
      svg.append(e);
    }
    const t = this.#m ? this.#m.translator(this.#lang()) : null;
    const label = t ? t(look === 'busy' ? 'badge.busy' : `badge.${look}`) : '';
    this.#badge.replaceChildren(svg, label);
    let aria = 'dsmark';
    // The visible words start the accessible name (WCAG 2.5.3).
    if (t) aria = look === 'busy' ? `${label} (dsmark)` : t('badge.open', { verdict: label });
    this.#badge.setAttribute('aria-label', aria);
    if (quietNone) this.toggleDetails(false);
  }

  #relabel() {
    if (!this.#m) return;
    const t = this.#m.translator(this.#lang());
    this.#card.setAttribute('aria-label', t('ext.panel.title'));
    this.#closeButton.setAttribute('aria-label', t('widget.close'));
    this.#closeButton.title = t('widget.close');
    this.#view?.setLang(t.lang);
    this.#renderBadge();
    if (!this.#styled) {
      this.#styled = true;
      adopt(this.shadowRoot, sheet(this.#m.css, this.shadowRoot));
    }
  }

  get #isOpen() {
    return this.#usePopover ? this.#card.matches(':popover-open') : !this.#card.hidden;
  }

  /** Opens or closes the details card (toggles without an argument). */
  toggleDetails(open = !this.#isOpen) {
    if (open === this.#isOpen || (open && !this.#view)) return;
    if (this.#usePopover) {
      if (open) this.#card.showPopover();
      else this.#card.hidePopover();
    } else {
      this.#card.hidden = !open;
      this.#toggled(open);
    }
  }

  #toggled(open) {
    this.#badge.setAttribute('aria-expanded', String(open));
    const view = this.ownerDocument.defaultView;
    if (open) {
      this.#place();
      view.addEventListener('resize', this.#onLayout);
      view.addEventListener('scroll', this.#onLayout, { capture: true, passive: true });
      if (!this.#usePopover) this.ownerDocument.addEventListener('pointerdown', this.#onOutside, true);
      this.#card.focus({ preventScroll: true });
    } else {
      view.removeEventListener('resize', this.#onLayout);
      view.removeEventListener('scroll', this.#onLayout, { capture: true });
      this.ownerDocument.removeEventListener('pointerdown', this.#onOutside, true);
      if (this.shadowRoot.activeElement && this.#card.contains(this.shadowRoot.activeElement)) this.#badge.focus();
      else if (this.shadowRoot.activeElement === this.#card) this.#badge.focus();
    }
  }

  // The card (in the top layer) below the badge, or above it when there is more room there; inside the window.
  #place() {
    if (!this.#usePopover || !this.#isOpen) return;
    const view = this.ownerDocument.defaultView;
    const r = this.#badge.getBoundingClientRect();
    const gap = 6;
    const w = Math.min(384, view.innerWidth - 16);
    const left = Math.max(8, Math.min(r.left, view.innerWidth - w - 8));
    const below = view.innerHeight - r.bottom - gap - 8;
    const above = r.top - gap - 8;
    this.#card.style.left = `${left}px`;
    this.#card.style.width = `${w}px`;
    if (below >= 240 || below >= above) {
      this.#card.style.top = `${r.bottom + gap}px`;
      this.#card.style.bottom = 'auto';
      this.#card.style.setProperty('--dsm-card-max-height', `${Math.max(120, below)}px`);
    } else {
      this.#card.style.top = 'auto';
      this.#card.style.bottom = `${view.innerHeight - r.top + gap}px`;
      this.#card.style.setProperty('--dsm-card-max-height', `${Math.max(120, above)}px`);
    }
  }
}

if (!customElements.get(TAG)) customElements.define(TAG, DsmarkCheckElement);
