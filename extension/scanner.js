// The optional per-site scan (content script; off by default, turned on per site from the toolbar popup): checks
// the pictures on the page as they come into view and puts a small badge on each one whose marks say it is AI
// generated; a click on the badge opens the details. Pictures the page opted out of (opt-out.js), pictures inside
// a <dsmark-check> widget (which shows its own badge), icons and spacers are left alone.
import { translator } from './i18n.js';
import { elementOptedOut, pageOptedOut } from './opt-out.js';
import { adoptStyles, setHostStyle } from './page-panel.js';
import { streamToEngine } from './page-fetch.js';
import { nameFromUrl } from './targets.js';

const AI_VERDICTS = new Set(['ai', 'possibly-ai', 'suspected-ai']);
const MIN_SIDE = 48;
const MAX_IMAGES = 200;
const MAX_BYTES = 64 * 1024 * 1024;
const SVG_NS = 'http://www.w3.org/2000/svg';

function sparkle(doc) {
  const svg = doc.createElementNS(SVG_NS, 'svg');
  svg.setAttribute('viewBox', '0 0 24 24');
  svg.setAttribute('aria-hidden', 'true');
  svg.setAttribute('focusable', 'false');
  const p = doc.createElementNS(SVG_NS, 'path');
  p.setAttribute('d', 'M11 2l2.1 6.1L19 10l-5.9 1.9L11 18l-2.1-6.1L3 10l5.9-1.9z');
  p.setAttribute('fill', 'currentColor');
  svg.append(p);
  return svg;
}

export class Scanner {
  constructor({ api, doc, css, getLang, onOpen }) {
    this.api = api;
    this.doc = doc;
    this.css = css;
    this.getLang = getLang;
    this.onOpen = onOpen;
    this.running = false;
  }

  /** Starts scanning; returns 'running', or 'opted-out' when the page asked for no injected UI. */
  start() {
    if (this.running) return 'running';
    if (pageOptedOut(this.doc)) return 'opted-out';
    this.running = true;
    const doc = this.doc;
    this.byUrl = new Map(); // url → {url, job, report, partial, imgs: Set}
    this.byJob = new Map();
    this.watched = new WeakSet();
    this.urlOf = new WeakMap(); // img → the URL it was checked under
    this.badges = new Map(); // img → badge button
    this.checked = 0;
    this.host = doc.createElement('dsmark-extension-badges');
    setHostStyle(this.host, { position: 'absolute', top: '0', left: '0', width: '0', height: '0', overflow: 'visible', display: 'block', 'z-index': '2147483646' });
    this.shadow = this.host.attachShadow({ mode: 'closed' });
    adoptStyles(this.shadow, this.css);
    this.layer = doc.createElement('div');
    this.layer.className = 'dsx-badges';
    this.shadow.append(this.layer);
    doc.documentElement.append(this.host);
    this.io = new IntersectionObserver((entries) => {
      for (const e of entries) if (e.isIntersecting) this.consider(e.target);
    }, { rootMargin: '300px' });
    let pending = false;
    this.mo = new MutationObserver(() => {
      if (pending) return;
      pending = true;
      setTimeout(() => {
        pending = false;
        if (this.running) this.watchAll();
      }, 250);
    });
    this.mo.observe(doc.documentElement, { childList: true, subtree: true, attributes: true, attributeFilter: ['src', 'srcset'] });
    this.onLayout = () => this.schedulePosition();
    doc.defaultView.addEventListener('resize', this.onLayout);
    doc.addEventListener('scroll', this.onLayout, { capture: true, passive: true });
    this.api.runtime.sendMessage({ to: 'background', type: 'scan-reset' }).catch(() => {});
    this.watchAll();
    return 'running';
  }

  stop() {
    if (!this.running) return;
    this.running = false;
    this.io.disconnect();
    this.mo.disconnect();
    this.doc.defaultView.removeEventListener('resize', this.onLayout);
    this.doc.removeEventListener('scroll', this.onLayout, { capture: true });
    this.host.remove();
    this.byUrl.clear();
    this.byJob.clear();
    this.badges.clear();
  }

  watchAll() {
    for (const img of this.doc.images) {
      if (!this.watched.has(img)) {
        this.watched.add(img);
        this.io.observe(img);
      } else if (this.urlOf.has(img) && this.urlOf.get(img) !== (img.currentSrc || img.src)) {
        // A picture whose source changed (carousels, lazy loading) is looked at again.
        this.byUrl.get(this.urlOf.get(img))?.imgs.delete(img);
        this.urlOf.delete(img);
        this.badges.get(img)?.remove();
        this.badges.delete(img);
        this.consider(img);
      }
    }
    this.schedulePosition();
  }

  consider(img) {
    if (!this.running || elementOptedOut(img) || img.closest('dsmark-check')) return;
    if (!img.complete) {
      img.addEventListener('load', () => this.consider(img), { once: true });
      return;
    }
    const url = img.currentSrc || img.src;
    if (!/^(https?:|data:|blob:)/.test(url) || this.urlOf.get(img) === url) return;
    this.urlOf.set(img, url);
    if (img.naturalWidth < MIN_SIDE || img.naturalHeight < MIN_SIDE) return;
    let result = this.byUrl.get(url);
    if (!result) {
      if (this.checked >= MAX_IMAGES) return;
      this.checked++;
      result = { url, imgs: new Set(), job: null, report: null, partial: null };
      this.byUrl.set(url, result);
      this.check(result);
    }
    result.imgs.add(img);
    this.render(result);
  }

  async check(result) {
    const { url } = result;
    let crossOrigin = false;
    try {
      const u = new URL(url);
      crossOrigin = /^https?:$/.test(u.protocol) && u.origin !== this.doc.location.origin;
    } catch {
      return;
    }
    const reply = await this.api.runtime.sendMessage({ to: 'background', type: 'scan-job', url, name: nameFromUrl(url), crossOrigin }).catch(() => null);
    if (!reply?.job || !this.running) return;
    result.job = reply.job;
    this.byJob.set(reply.job, result);
    if (reply.mode === 'page') {
      const got = await streamToEngine(this.api, reply.job, url, MAX_BYTES);
      this.api.runtime.sendMessage({ to: 'background', type: 'scan-fetched', job: reply.job, result: got }).catch(() => {});
    }
  }

  /** A job event from the background; true when it was one of the scan's. */
  event(job, event) {
    const result = this.running && this.byJob.get(job);
    if (!result) return false;
    if (event.type === 'partial') result.partial = event.report;
    else if (event.type === 'final') result.report = event.report;
    else if (event.type === 'failed' || event.type === 'cancelled') result.done = true;
    if (event.type === 'final') result.done = true;
    this.render(result);
    return true;
  }

  verdictOf(result) {
    const v = (result.report || result.partial)?.verdict;
    return AI_VERDICTS.has(v) ? v : null;
  }

  render(result) {
    const verdict = this.verdictOf(result);
    if (!verdict) return;
    const t = translator(this.getLang());
    for (const img of result.imgs) {
      let badge = this.badges.get(img);
      if (!badge) {
        badge = this.doc.createElement('button');
        badge.type = 'button';
        badge.className = 'dsx-badge';
        badge.addEventListener('click', (e) => {
          e.preventDefault();
          e.stopPropagation();
          this.onOpen({ img, url: result.url, job: result.job, report: result.report, partial: result.partial, done: !!result.done });
        });
        this.badges.set(img, badge);
        this.layer.append(badge);
      }
      badge.dataset.verdict = verdict;
      const label = t(`badge.${verdict}`);
      badge.replaceChildren(sparkle(this.doc), this.doc.createTextNode(label));
      badge.setAttribute('aria-label', t('badge.open', { verdict: label }));
    }
    this.schedulePosition();
  }

  setLang() {
    if (!this.running) return;
    for (const r of this.byUrl.values()) this.render(r);
  }

  schedulePosition() {
    if (this.positioning || !this.running) return;
    this.positioning = true;
    this.doc.defaultView.requestAnimationFrame(() => {
      this.positioning = false;
      this.position();
    });
  }

  // Badges sit in one layer at the document's origin, each at its picture's top-left corner.
  position() {
    const origin = this.host.getBoundingClientRect();
    for (const [img, badge] of this.badges) {
      const r = img.isConnected ? img.getBoundingClientRect() : null;
      if (!r || r.width < MIN_SIDE / 2 || r.height < MIN_SIDE / 2) {
        badge.hidden = true;
        continue;
      }
      badge.hidden = false;
      badge.style.left = `${Math.round(r.left - origin.left + 6)}px`;
      badge.style.top = `${Math.round(r.top - origin.top + 6)}px`;
    }
  }
}
