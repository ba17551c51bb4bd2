// The result of one check as a DOM element: verdict with colour and icon, each mark in plain words, evidence folded
// away, preview or player, progress and cancel while it runs, and the report as JSON to download.
// A reusable module with no page globals: everything comes through the constructor and update(), so the page, the
// extension's panel and the <dsmark-check> widget (inside a Shadow DOM) use the same view. Styles: result-view.css
// (class names start with dsm-, colours are CSS custom properties).
import { describeReport, formatBytes, formatTime } from './explain.js';
import { translator } from './i18n.js';

const SVG_NS = 'http://www.w3.org/2000/svg';

// 24×24 icons; every verdict has its own shape, so colour is never the only signal.
const ICONS = {
  ai: [['path', { d: 'M11 2l2.1 6.1L19 10l-5.9 1.9L11 18l-2.1-6.1L3 10l5.9-1.9z', fill: 'currentColor' }],
    ['path', { d: 'M19 14l.9 2.1L22 17l-2.1.9L19 20l-.9-2.1L16 17l2.1-.9z', fill: 'currentColor' }]],
  'possibly-ai': [['circle', { cx: 12, cy: 12, r: 9.5 }], ['path', { d: 'M9.2 9.2a2.9 2.9 0 1 1 4 2.7c-.8.4-1.2 1-1.2 1.8v.8' }],
    ['circle', { cx: 12, cy: 17.4, r: 1.1, fill: 'currentColor', stroke: 'none' }]],
  'suspected-ai': [['path', { d: 'M1.8 12S5.5 5 12 5s10.2 7 10.2 7-3.7 7-10.2 7S1.8 12 1.8 12z' }], ['circle', { cx: 12, cy: 12, r: 3.2 }]],
  none: [['circle', { cx: 10.5, cy: 10.5, r: 6.8 }], ['path', { d: 'M15.5 15.5L21 21' }]],
  error: [['path', { d: 'M6 2.8h8l4.2 4.2v14.2H6z' }], ['path', { d: 'M9.3 11.3l5.4 5.4M14.7 11.3l-5.4 5.4' }]],
  cancelled: [['circle', { cx: 12, cy: 12, r: 9.5 }], ['path', { d: 'M5.5 18.5l13-13' }]],
  busy: [['circle', { cx: 12, cy: 12, r: 9, 'stroke-dasharray': '42 16', class: 'dsm-spin' }]],
};

const ACTIVE = new Set(['queued', 'downloading', 'reading', 'metadata', 'detectors', 'checking']);

export class ResultView {
  /**
   * @param {object} options
   * @param {Document} [options.document]  the document to create nodes in (default: the global one)
   * @param {string} [options.lang]        'zh-CN' (default) or 'en'
   * @param {number} [options.headingLevel] heading level of the file name (2–5, default 3)
   * @param {(view: ResultView) => void} [options.onCancel]  shows a cancel button while the check runs
   * @param {(view: ResultView) => void} [options.onRemove]  shows a remove button when it is done
   */
  constructor({ document: doc = globalThis.document, lang = 'zh-CN', headingLevel = 3, onCancel, onRemove } = {}) {
    this.doc = doc;
    this.t = translator(lang);
    this.level = Math.min(5, Math.max(2, headingLevel | 0 || 3));
    this.onCancel = onCancel;
    this.onRemove = onRemove;
    this.state = { name: '', phase: 'queued', notices: [] };
    this.id = `dsm-${Math.random().toString(36).slice(2, 10)}`;
    this.element = this.h('article', { class: 'dsm-result' });
    this.render();
  }

  setLang(lang) {
    this.t = translator(lang);
    this.render();
  }

  /** Merges `patch` into the state and redraws. State: name, size, source (URL), phase (queued | downloading |
   * reading | metadata | detectors | checking | done | cancelled), report (final), partialReport (metadata only),
   * failure ({key, vars}: the check could not run), notices ([{key, vars}]), previewUrl, text. */
  update(patch) {
    Object.assign(this.state, patch);
    this.render();
  }

  /** Cheap progress update while reading or downloading (no full redraw). */
  setProgress(loaded, total) {
    this.state.progress = { loaded, total };
    const bar = this.element.querySelector('.dsm-progress');
    const text = this.element.querySelector('.dsm-progress-text');
    if (!bar || !text) return this.render();
    this.fillProgress(bar, text);
  }

  get verdict() {
    return this.element.getAttribute('data-verdict');
  }

  // Small DOM helpers.
  h(tag, attrs = {}, ...children) {
    const e = this.doc.createElement(tag);
    for (const [k, v] of Object.entries(attrs)) {
      if (v === undefined || v === null || v === false) continue;
      if (k === 'class') e.className = v;
      else if (k.startsWith('on')) e.addEventListener(k.slice(2), v);
      else e.setAttribute(k, v === true ? '' : String(v));
    }
    for (const c of children.flat()) if (c !== null && c !== undefined && c !== false) e.append(c);
    return e;
  }

  icon(name) {
    const svg = this.doc.createElementNS(SVG_NS, 'svg');
    svg.setAttribute('viewBox', '0 0 24 24');
    svg.setAttribute('aria-hidden', 'true');
    svg.setAttribute('focusable', 'false');
    svg.setAttribute('class', 'dsm-icon');
    for (const [tag, attrs] of ICONS[name] || ICONS.none) {
      const e = this.doc.createElementNS(SVG_NS, tag);
      for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, String(v));
      svg.append(e);
    }
    return svg;
  }

  heading(offset, attrs, ...children) {
    return this.h(`h${Math.min(6, this.level + offset)}`, attrs, ...children);
  }

  render() {
    const { t, state: s } = this;
    const root = this.element;
    // Keep open <details> and focus across redraws (language switch, phase changes).
    const open = new Set([...root.querySelectorAll('details[open][data-key]')].map((d) => d.dataset.key));
    const focused = root.contains(this.doc.activeElement) ? this.doc.activeElement?.dataset?.key : undefined;

    const report = s.report || s.partialReport || null;
    const desc = report ? describeReport(report, t, { size: s.size }) : null;
    const active = ACTIVE.has(s.phase);
    let verdict = null;
    if (s.failure) verdict = 'error';
    else if (s.report && (s.phase === 'done' || s.phase === 'cancelled')) verdict = desc.verdict;

    root.replaceChildren();
    root.setAttribute('data-state', s.phase);
    root.setAttribute('aria-labelledby', `${this.id}-name`);
    if (verdict) root.setAttribute('data-verdict', verdict);
    else root.removeAttribute('data-verdict');
    if (!verdict && s.partialReport && desc) root.setAttribute('data-partial-verdict', desc.verdict);
    else root.removeAttribute('data-partial-verdict');
    if (active) root.setAttribute('aria-busy', 'true');
    else root.removeAttribute('aria-busy');
    const look = verdict || (s.phase === 'cancelled' ? 'cancelled' : desc && desc.verdict !== 'none' ? desc.verdict : null);
    root.setAttribute('data-look', look || (active ? 'busy' : 'none'));

    // Head: icon, file name, what kind of file.
    const iconName = look || (active ? 'busy' : 'none');
    root.append(this.h('header', { class: 'dsm-head' },
      this.h('span', { class: 'dsm-badge' }, this.icon(iconName)),
      this.h('div', { class: 'dsm-head-text' },
        this.heading(0, { class: 'dsm-name', id: `${this.id}-name` }, s.name || '—'),
        desc ? this.h('p', { class: 'dsm-meta' }, desc.metaLine)
          : Number.isFinite(s.size) ? this.h('p', { class: 'dsm-meta' }, formatBytes(s.size)) : null,
        s.source ? this.h('p', { class: 'dsm-source' }, t('url.source', { url: s.source })) : null)));

    // Verdict line.
    const verdictBox = this.h('div', { class: 'dsm-verdict' });
    if (s.failure) {
      verdictBox.append(this.h('p', { class: 'dsm-verdict-title' }, t('verdict.error')),
        this.h('p', { class: 'dsm-summary' }, t(s.failure.key, s.failure.vars)));
    } else if (desc && (verdict || s.phase === 'cancelled' || desc.verdict !== 'none')) {
      verdictBox.append(this.h('p', { class: 'dsm-verdict-title' }, desc.title));
      if (desc.summary) verdictBox.append(this.h('p', { class: 'dsm-summary' }, desc.summary));
      if (desc.by) verdictBox.append(this.h('p', { class: 'dsm-by' }, desc.by));
      if (desc.caveat && verdict) verdictBox.append(this.h('p', { class: 'dsm-caveat' }, desc.caveat));
      if (desc.soundNote && verdict) verdictBox.append(this.h('p', { class: 'dsm-caveat dsm-sound' }, desc.soundNote));
    } else if (desc) {
      verdictBox.append(this.h('p', { class: 'dsm-verdict-title' }, t('partial.none')));
    } else if (s.phase === 'cancelled') {
      verdictBox.append(this.h('p', { class: 'dsm-verdict-title' }, t('verdict.cancelled')));
    }
    if (verdictBox.childNodes.length) root.append(verdictBox);

    if (active) root.append(this.renderActivity());
    if (s.phase === 'cancelled') root.append(this.h('p', { class: 'dsm-note' }, t(report ? 'cancelledPartial' : 'cancelled')));
    const notices = s.notices || [];
    if (notices.length) root.append(this.h('div', { class: 'dsm-notices' }, notices.map((n) => this.h('p', {}, t(n.key, n.vars)))));

    if (desc && desc.error) {
      // The page's notices already say why (a refused download, a file too large); the code's text would repeat it.
      root.append(this.h('div', { class: 'dsm-error' },
        notices.length ? null : this.h('p', {}, desc.error.text),
        this.h('p', {}, t('error.stillUsable')),
        desc.error.detail ? this.h('details', { class: 'dsm-detail', 'data-key': 'error-detail' },
          this.h('summary', { 'data-key': 'error-detail-summary' }, t('error.detailTitle')),
          this.h('p', { lang: 'en' }, desc.error.detail)) : null));
    } else if (s.failure) {
      root.append(this.h('p', { class: 'dsm-note' }, t('error.stillUsable')));
    }

    const preview = this.renderPreview(desc);
    if (preview) root.append(preview);

    if (desc && desc.marks.length) {
      const list = this.h('ol', { class: 'dsm-marks' });
      desc.marks.forEach((m, i) => list.append(this.renderMark(m, i)));
      root.append(this.heading(1, { class: 'dsm-marks-title' }, t('marks.heading', { n: desc.marks.length })), list);
    }

    if (desc && desc.explainNone && !active) {
      root.append(this.h('details', { class: 'dsm-explain', 'data-key': 'none' },
        this.h('summary', { 'data-key': 'none-summary' }, t('about.none.title')),
        this.h('p', {}, t('about.none.means')),
        this.h('p', {}, t('about.none.notMeans')),
        this.h('p', {}, t('about.none.todo'))));
    }

    if (desc && desc.warnings.length) {
      root.append(this.h('details', { class: 'dsm-warnings', 'data-key': 'warnings' },
        this.h('summary', { 'data-key': 'warnings-summary' }, t('warnings.heading')),
        this.h('ul', { lang: 'en' }, desc.warnings.map((w) => this.h('li', {}, w)))));
    }

    const actions = this.h('div', { class: 'dsm-actions' });
    if (s.report && !active) {
      actions.append(this.h('button', {
        type: 'button', class: 'dsm-button dsm-download', 'data-key': 'download',
        'aria-describedby': `${this.id}-name`, onclick: () => this.download(),
      }, t('download')));
    }
    if (this.onRemove && !active) {
      actions.append(this.h('button', {
        type: 'button', class: 'dsm-button dsm-remove', 'data-key': 'remove',
        'aria-describedby': `${this.id}-name`, onclick: () => this.onRemove(this),
      }, t('remove')));
    }
    if (actions.childNodes.length) root.append(actions);

    for (const d of root.querySelectorAll('details[data-key]')) if (open.has(d.dataset.key)) d.open = true;
    if (focused) root.querySelector(`[data-key="${focused}"]`)?.focus();
  }

  renderActivity() {
    const { t, state: s } = this;
    const box = this.h('div', { class: 'dsm-activity' });
    box.append(this.h('p', { class: 'dsm-phase' }, t(`state.${s.phase}`)));
    if (s.partialReport && s.phase === 'detectors') {
      // "ai" is the strongest verdict: more marks can only be added to it.
      box.append(this.h('p', { class: 'dsm-note' }, t(s.partialReport.verdict === 'ai' ? 'partial.noteMore' : 'partial.note')));
    }
    if ((s.phase === 'reading' || s.phase === 'downloading') && s.progress) {
      const bar = this.h('progress', { class: 'dsm-progress', 'aria-label': t('state.progressLabel', { name: s.name }) });
      const text = this.h('span', { class: 'dsm-progress-text' });
      this.fillProgress(bar, text);
      box.append(this.h('div', { class: 'dsm-progress-row' }, bar, text));
    }
    if (this.onCancel) {
      box.append(this.h('button', {
        type: 'button', class: 'dsm-button dsm-cancel', 'data-key': 'cancel',
        'aria-describedby': `${this.id}-name`, onclick: () => this.onCancel(this),
      }, t('cancel')));
    }
    return box;
  }

  fillProgress(bar, text) {
    const { loaded = 0, total } = this.state.progress || {};
    const down = this.state.phase === 'downloading';
    if (Number.isFinite(total) && total > 0) {
      bar.max = total;
      bar.value = Math.min(loaded, total);
      bar.setAttribute('aria-valuetext', `${Math.floor((100 * Math.min(loaded, total)) / total)}%`);
      text.textContent = this.t(down ? 'state.downloaded' : 'state.progress', { loaded: formatBytes(loaded), total: formatBytes(total) });
    } else {
      bar.removeAttribute('value');
      text.textContent = this.t(down ? 'state.downloadedUnknown' : 'state.progressUnknown', { loaded: formatBytes(loaded) });
    }
  }

  renderPreview(desc) {
    const { t, state: s } = this;
    if (s.text !== undefined) {
      const shown = s.text.length > 4000 ? `${s.text.slice(0, 4000)}…` : s.text;
      return this.h('figure', { class: 'dsm-preview dsm-preview-text' },
        this.h('figcaption', {}, t('preview.text')), this.h('blockquote', { class: 'dsm-quote' }, shown));
    }
    if (!s.previewUrl || !desc || desc.verdict === 'error' || !['image', 'audio', 'video'].includes(desc.media)) return null;
    // The same node is reused across redraws so a playing clip keeps playing.
    if (!this.media || this.media.kind !== desc.media || this.media.url !== s.previewUrl) {
      let node;
      const failed = () => {
        if (this.media) this.media.failed = true;
        node.replaceWith(this.h('p', { class: 'dsm-note' }, t('preview.unavailable')));
      };
      if (desc.media === 'image') {
        node = this.h('img', { src: s.previewUrl, alt: t('preview.image', { name: s.name }), decoding: 'async', onerror: failed });
      } else {
        node = this.h(desc.media, { src: s.previewUrl, controls: true, preload: 'metadata', onerror: failed });
      }
      this.media = { kind: desc.media, url: s.previewUrl, node, failed: false };
    }
    const m = this.media;
    if (m.kind !== 'image') m.node.setAttribute('aria-label', t(`preview.${m.kind}`, { name: s.name }));
    else m.node.alt = t('preview.image', { name: s.name });
    return this.h('div', { class: `dsm-preview dsm-preview-${m.kind}` }, m.failed ? this.h('p', { class: 'dsm-note' }, t('preview.unavailable')) : m.node);
  }

  renderMark(m, index) {
    const { t } = this;
    const key = `mark-${index}-${m.scheme}`;
    const li = this.h('li', { class: 'dsm-mark', 'data-scheme': m.scheme, 'data-claim': m.claim });
    li.append(this.heading(2, { class: 'dsm-mark-title' }, m.title),
      this.h('p', { class: 'dsm-kind' }, m.kindText),
      this.h('p', { class: 'dsm-says' }, m.says),
      this.h('p', { class: 'dsm-what' }, m.what));
    const facts = [...m.who, ...m.facts];
    if (facts.length) li.append(this.h('ul', { class: 'dsm-facts' }, facts.map((f) => this.h('li', {}, f))));
    if (m.seek !== undefined && this.media && (this.media.kind === 'audio' || this.media.kind === 'video')) {
      li.append(this.h('button', {
        type: 'button', class: 'dsm-button', 'data-key': `${key}-seek`,
        onclick: () => {
          this.media.node.currentTime = m.seek;
          this.media.node.play?.().catch(() => {});
        },
      }, t('fact.play', { time: formatTime(m.seek) })));
    }
    if (m.integrity) li.append(this.h('p', { class: 'dsm-integrity', 'data-level': m.integrity.level }, m.integrity.text));
    if (m.problems.length) {
      li.append(this.h('div', { class: 'dsm-problems' },
        this.h('p', { class: 'dsm-problems-title' }, t('problems.heading')),
        this.h('ul', { lang: 'en' }, m.problems.map((p) => this.h('li', {}, p)))));
    }
    const ev = m.evidence;
    const dl = this.h('dl', { class: 'dsm-fields' },
      this.h('dt', {}, t('evidence.scheme')), this.h('dd', {}, this.h('code', {}, ev.scheme)),
      ev.carrier ? [this.h('dt', {}, t('evidence.carrier')), this.h('dd', {}, this.h('code', {}, ev.carrier))] : null,
      this.h('dt', {}, t('evidence.claim')), this.h('dd', {}, ev.claim),
      ev.confidence ? [this.h('dt', {}, t('evidence.confidence')), this.h('dd', {}, ev.confidence)] : null);
    li.append(this.h('details', { class: 'dsm-evidence', 'data-key': key },
      this.h('summary', { 'data-key': `${key}-summary` }, t('evidence.heading')), dl, this.renderTree(ev.fields)));
    return li;
  }

  // Any value: text, list or map (see explain.js valueTree), as nested lists.
  renderTree(node) {
    if (node.type === 'text') return this.h('span', { class: node.muted ? 'dsm-value dsm-muted' : 'dsm-value' }, node.text);
    if (node.type === 'list') {
      return this.h('ol', { class: 'dsm-list' }, node.items.map((i) => this.h('li', {}, this.renderTree(i))),
        node.more ? this.h('li', { class: 'dsm-muted' }, this.t('evidence.more', { n: node.more })) : null);
    }
    const dl = this.h('dl', { class: 'dsm-fields' });
    for (const e of node.entries) {
      dl.append(this.h('dt', {}, e.label ? [e.label, ' ', this.h('code', {}, e.key)] : this.h('code', {}, e.key)),
        this.h('dd', {}, this.renderTree(e.value)));
    }
    if (node.more) dl.append(this.h('dt', { class: 'dsm-muted' }, this.t('evidence.more', { n: node.more })), this.h('dd', {}));
    return dl;
  }

  download() {
    const report = this.state.report;
    if (!report) return;
    const blob = new Blob([`${JSON.stringify(report, null, 2)}\n`], { type: 'application/json' });
    const url = URL.createObjectURL(blob);
    const base = (this.state.name || 'report').replace(/[\\/:*?"<>|\u0000-\u001f]+/g, '_').slice(0, 120);
    const a = this.h('a', { href: url, download: `${base}.dsmark.json`, hidden: true });
    this.element.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10000);
  }
}

// Convenience for one-off use: a finished report as an element.
export function renderReport(report, { document: doc, lang, headingLevel, name, size } = {}) {
  const view = new ResultView({ document: doc, lang, headingLevel });
  view.update({ name: name ?? report?.file ?? '', size, phase: 'done', report });
  return view.element;
}

