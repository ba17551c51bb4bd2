// Turns a dsmark report (SPEC.md, schema dsmark.report.v1) into plain-language pieces a person can read.
// Pure functions, no DOM and no page globals: the page, the extension panel and the <dsmark-check> widget share it.
// It only presents what the core found; it never decides whether something is a mark.
import { translator } from './i18n.js';

export const VERDICTS = ['ai', 'possibly-ai', 'suspected-ai', 'none', 'error'];
const CLAIM_ORDER = ['ai', 'possibly-ai', 'suspected-ai', 'not-ai', 'unknown'];
const MAX_ITEMS = 50;
const MAX_CHARS = 600;
const MAX_DEPTH = 5;

// Proper names of generator tools (fields.tool); shown as they are in both languages unless a local name exists.
const TOOLS = {
  a1111: { en: 'AUTOMATIC1111 Stable Diffusion WebUI' },
  forge: { en: 'Stable Diffusion WebUI Forge' },
  comfyui: { en: 'ComfyUI' },
  novelai: { en: 'NovelAI' },
  invokeai: { en: 'InvokeAI' },
  fooocus: { en: 'Fooocus' },
  midjourney: { en: 'Midjourney' },
  swarmui: { en: 'SwarmUI' },
  suno: { en: 'Suno' },
  kling: { en: 'Kling', 'zh-CN': '可灵（Kling）' },
};

const normKey = (k) => String(k).toLowerCase().replace(/[^a-z0-9]/g, '');

// A field by any of several spellings (claim_generator, claimGenerator, ClaimGenerator) or a dotted path
// (signer.subject). Empty strings and nulls count as absent.
export function field(fields, ...names) {
  for (const name of names) {
    let cur = fields;
    for (const part of name.split('.')) {
      if (cur == null || typeof cur !== 'object' || Array.isArray(cur)) {
        cur = undefined;
        break;
      }
      const want = normKey(part);
      const key = Object.keys(cur).find((k) => normKey(k) === want);
      cur = key === undefined ? undefined : cur[key];
    }
    if (cur !== undefined && cur !== null && cur !== '') return cur;
  }
  return undefined;
}

// A short readable text for any field value: names of objects, lists joined.
export function asText(v) {
  if (v == null) return '';
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (Array.isArray(v)) return v.map(asText).filter(Boolean).join(', ');
  const named = field(v, 'name', 'title', 'cn', 'common_name', 'o', 'organization', 'value', 'code');
  if (named !== undefined && typeof named !== 'object') return String(named);
  return JSON.stringify(v);
}

const clip = (s, n = 200) => (s.length > n ? `${s.slice(0, n - 1)}…` : s);

export function formatBytes(n) {
  if (!Number.isFinite(n) || n < 0) return '';
  if (n < 1024) return `${n} B`;
  const units = ['KB', 'MB', 'GB', 'TB'];
  let v = n;
  let i = -1;
  do {
    v /= 1024;
    i++;
  } while (v >= 1024 && i < units.length - 1);
  return `${v >= 100 ? Math.round(v) : v >= 10 ? v.toFixed(1).replace(/\.0$/, '') : v.toFixed(2).replace(/\.?0+$/, '')} ${units[i]}`;
}

const SUPERSCRIPT = { '-': '⁻', 0: '⁰', 1: '¹', 2: '²', 3: '³', 4: '⁴', 5: '⁵', 6: '⁶', 7: '⁷', 8: '⁸', 9: '⁹' };

// 0.0123 → "0.012"; 3.1e-7 → "3.1×10⁻⁷"; 0 → "< 10⁻³⁰⁰".
export function formatProbability(p) {
  if (!Number.isFinite(p)) return String(p);
  if (p <= 0) return '< 10⁻³⁰⁰';
  if (p >= 0.001) return String(Number(p.toPrecision(2)));
  const [mant, exp] = p.toExponential(1).split('e');
  const sup = String(Number(exp)).replace(/./g, (c) => SUPERSCRIPT[c] ?? c);
  return mant === '1.0' ? `10${sup}` : `${mant}×10${sup}`;
}

function plainProbability(p, t) {
  if (p < 1e-9) return t('plain.p9');
  if (p < 1e-4) return t('plain.p4');
  if (p < 0.01) return t('plain.p2');
  return t('plain.pHigh');
}

// Seconds → "0:03.2" (or "1:02:03.2" past an hour).
export function formatTime(sec) {
  if (!Number.isFinite(sec) || sec < 0) return String(sec);
  const h = Math.floor(sec / 3600);
  const m = Math.floor((sec % 3600) / 60);
  const s = sec - h * 3600 - m * 60;
  const ss = s.toFixed(1).padStart(4, '0');
  return h ? `${h}:${String(m).padStart(2, '0')}:${ss}` : `${m}:${ss}`;
}

const pct = (x) => {
  const p = Number((x * 100).toPrecision(3));
  return x < 1 && p >= 100 ? '> 99.9%' : `${p}%`; // a detector's 0.999999 is not certainty
};
const num = (v) => (typeof v === 'number' ? v : typeof v === 'string' && v.trim() !== '' ? Number(v) : NaN);

// IPTC digital source type: the last path segment of the URI, explained when known.
function sourceType(v, t) {
  const raw = asText(v).trim();
  const term = raw.replace(/\/+$/, '').split('/').pop();
  return t.has(`dst.${term}`) ? t('fact.sourceType', { value: t(`dst.${term}`) }) : t('fact.sourceTypeRaw', { value: raw });
}

function position(v, t) {
  const raw = asText(v);
  const key = `pos.${raw.toLowerCase().replace(/[\s_]+/g, '-')}`;
  return t.has(key) ? t(key) : raw;
}

function validation(v, t) {
  const s = asText(v).toLowerCase();
  if (s === 'trusted') return { level: 'good', text: t('integrity.trusted') };
  if (s === 'valid-untrusted' || s === 'valid_untrusted' || s === 'valid') {
    return { level: 'info', text: t('integrity.validUntrusted') };
  }
  if (s === 'invalid') return { level: 'bad', text: t('integrity.invalid') };
  return { level: 'info', text: t('integrity.unknownValidation', { value: asText(v) }) };
}

// "Name (code X)" when the core decoded a code into a name, else whichever is there.
function nameWithCode(name, code, t) {
  const n = name === undefined ? '' : asText(name);
  const c = code === undefined ? '' : asText(code);
  if (n && c && n !== c) return t('who.withCode', { name: n, code: c });
  return n || c;
}

// A party of the GB 45438 label (ContentProducer / ContentPropagator). The core decodes it into `producer` /
// `propagator`: {code, provider, provider_zh, organization, name, service, …}; the raw key is the fallback.
function labelParty(f, role, t) {
  const decoded = field(f, role === 'ContentProducer' ? 'producer' : 'propagator');
  const raw = field(f, role);
  if (decoded && typeof decoded === 'object' && !Array.isArray(decoded)) {
    const local = t.lang === 'zh-CN' ? field(decoded, 'provider_zh') : undefined;
    const name = local ?? field(decoded, 'provider', 'organization', 'name');
    return { name, code: field(decoded, 'code') ?? raw, service: field(decoded, 'service') };
  }
  if (raw && typeof raw === 'object' && !Array.isArray(raw)) {
    return { name: field(raw, 'name', 'provider', 'organization'), code: field(raw, 'code', 'raw', 'value') };
  }
  return { name: undefined, code: raw };
}

// The label's integrity data: `reserved_code1` / `reserved_code2` as the core decoded them ({form, algorithm,
// signature: valid | invalid | malformed | absent | not-checked}), or SecurityData text in the raw keys.
function securityData(f) {
  const found = [];
  for (const key of ['reserved_code1', 'reserved_code2']) {
    const v = f[key]; // exact key: field() would also match the raw ReservedCode1
    if (v && typeof v === 'object' && !Array.isArray(v)) found.push(v);
  }
  const raw = ['ReservedCode1', 'ReservedCode2'].some((k) => /SecurityData/.test(asText(field(f, k))));
  if (!found.length && !raw && !Object.keys(f).some((k) => normKey(k).includes('securitydata'))) return null;
  const alg = found.map((v) => field(v, 'algorithm', 'alg_id')).find((a) => a !== undefined);
  const states = found.map((v) => asText(field(v, 'signature') ?? '').toLowerCase());
  const state = states.includes('invalid') ? 'invalid' : states.includes('valid') ? 'valid' : 'unchecked';
  return { alg, state };
}

// Scheme-specific wording. Each returns {who: [], facts: [], integrity: {level, text} | null, by}.
const SCHEMES = {
  gb45438(f, m, t) {
    const out = { who: [], facts: [] };
    const producer = labelParty(f, 'ContentProducer', t);
    const propagator = labelParty(f, 'ContentPropagator', t);
    const prod = nameWithCode(producer.name, producer.code, t);
    const prop = nameWithCode(propagator.name, propagator.code, t);
    if (prod) out.who.push(t('who.producer', { name: prod }));
    if (prop) out.who.push(t('who.propagator', { name: prop }));
    // A decoded name, or a bare name such as "doubao"; a 27-character provider code alone says nothing to a reader.
    const short = (p) => (p.name ? asText(p.name) : p.code && asText(p.code).length < 20 ? asText(p.code) : '');
    out.by = short(producer) || short(propagator) || undefined;
    if (producer.code && !producer.name && asText(producer.code).length === 27) out.facts.push(t('fact.providerUnknown'));
    const produceId = field(f, 'ProduceID');
    if (produceId) out.facts.push(t('fact.produceId', { value: clip(asText(produceId)) }));
    const propagateId = field(f, 'PropagateID');
    if (propagateId) out.facts.push(t('fact.propagateId', { value: clip(asText(propagateId)) }));
    const security = securityData(f);
    if (security) {
      out.facts.push(security.alg ? t('fact.securityData', { alg: asText(security.alg) }) : t('fact.securityDataNoAlg'));
    }
    out.integrity = !security ? { level: 'warn', text: t('integrity.unsigned') }
      : security.state === 'valid' ? { level: 'good', text: t('integrity.labelSigned') }
      : security.state === 'invalid' ? { level: 'bad', text: t('integrity.labelSignatureInvalid') }
      : { level: 'warn', text: t('integrity.securityUnchecked') };
    return out;
  },

  c2pa(f, m, t) {
    const out = { who: [], facts: [] };
    let gen = field(f, 'claim_generator', 'claim_generator_info', 'generator', 'software_agent');
    if (Array.isArray(gen)) gen = gen.map(asText).join(', ');
    if (gen) out.who.push(t('who.generator', { name: clip(asText(gen)) }));
    const agent = field(f, 'software_agent');
    if (agent && asText(agent) !== asText(gen)) out.who.push(t('who.softwareAgent', { name: clip(asText(agent)) }));
    const signer = field(f, 'signer_subject', 'signer.subject', 'signer.cn', 'signer.common_name', 'signer', 'subject');
    const issuer = field(f, 'signer_issuer', 'signer.issuer', 'issuer');
    if (signer) out.who.push(t('who.signer', { name: clip(asText(signer)) }));
    if (issuer) out.who.push(t('who.issuer', { name: clip(asText(issuer)) }));
    out.by = asText(signer ?? gen ?? '') || undefined;
    const dst = field(f, 'digital_source_type', 'source_type');
    if (dst) out.facts.push(sourceType(dst, t));
    const ingredients = field(f, 'ingredients');
    if (Array.isArray(ingredients) && ingredients.length) {
      const names = ingredients.slice(0, 10).map((i) => clip(asText(typeof i === 'object' && i ? field(i, 'title', 'name', 'file') ?? i : i), 80));
      out.facts.push(t('fact.ingredients', { n: ingredients.length, list: names.join('、') }));
    }
    const actions = field(f, 'actions');
    if (Array.isArray(actions) && actions.length) {
      const names = actions.slice(0, 10).map((a) => asText(typeof a === 'object' && a ? field(a, 'action') ?? a : a).replace(/^c2pa\./, ''));
      out.facts.push(t('fact.actions', { list: names.join(', ') }));
    }
    const signedAt = field(f, 'signing_time', 'signed_at', 'timestamp.time', 'time');
    if (signedAt && typeof signedAt !== 'boolean') out.facts.push(t('fact.signedAt', { value: asText(signedAt) }));
    else if (field(f, 'timestamp', 'time_stamp')) out.facts.push(t('fact.timestamp'));
    const remote = field(f, 'remote_url', 'remote_manifest_url', 'remote', 'manifest_url', 'provenance');
    if (remote) out.facts.push(t('fact.remote', { url: asText(remote) }));
    const v = field(f, 'validation', 'validation_state');
    out.integrity = v ? validation(v, t)
      : remote ? { level: 'warn', text: t('integrity.remote') }
      : { level: 'warn', text: t('integrity.notChecked') };
    return out;
  },

  iptc(f, m, t) {
    const out = { who: [], facts: [] };
    const system = field(f, 'AISystemUsed');
    const version = field(f, 'AISystemVersionUsed');
    if (system) out.who.push(t('who.aiSystem', { name: [asText(system), version && asText(version)].filter(Boolean).join(' ') }));
    out.by = system ? asText(system) : undefined;
    const dst = field(f, 'DigitalSourceType', 'digital_source_type');
    if (dst) out.facts.push(sourceType(dst, t));
    const prompt = field(f, 'AIPromptInformation');
    if (prompt) out.facts.push(t('fact.prompt', { value: clip(asText(prompt)) }));
    out.integrity = { level: 'warn', text: t('integrity.unsigned') };
    return out;
  },

  generator(f, m, t) {
    const out = { who: [], facts: [] };
    const tool = field(f, 'tool');
    if (tool) {
      const known = TOOLS[asText(tool).toLowerCase()];
      const name = known ? known[t.lang] ?? known.en : asText(tool);
      out.who.push(t('who.tool', { name }));
      out.by = name;
    }
    const model = field(f, 'model', 'model_name', 'sd_model_name', 'checkpoint');
    if (model) out.facts.push(t('fact.model', { value: clip(asText(model), 120) }));
    const prompt = field(f, 'prompt', 'positive_prompt');
    if (prompt && typeof prompt === 'string') out.facts.push(t('fact.prompt', { value: clip(prompt) }));
    out.integrity = { level: 'warn', text: t('integrity.unsigned') };
    return out;
  },

  watermark(f, m, t) {
    const out = { who: [], facts: [] };
    const model = field(f, 'model', 'models', 'variant', 'family', 'message_name');
    if (model) out.facts.push(t('fact.watermarkModel', { value: asText(model) }));
    const payload = field(f, 'payload', 'payload_hex');
    if (payload) out.facts.push(t('fact.payload', { value: clip(asText(payload), 120) }));
    const copies = num(field(f, 'copies'));
    if (Number.isFinite(copies)) out.facts.push(t('fact.copies', { value: copies }));
    const p = num(field(f, 'p_value', 'pvalue'));
    if (Number.isFinite(p)) out.facts.push(t('fact.pValue', { p: formatProbability(p), plain: plainProbability(p, t) }));
    out.integrity = { level: 'info', text: t('integrity.watermark') };
    return out;
  },

  'explicit:text'(f, m, t) {
    const out = { who: [], facts: [] };
    const text = field(f, 'text', 'match', 'matched_text', 'label');
    if (text) out.facts.push(t('fact.foundText', { value: clip(asText(text), 120) }));
    const where = field(f, 'position', 'placement', 'location', 'where');
    if (where) out.facts.push(t('fact.position', { value: position(where, t) }));
    const form = field(f, 'form');
    if (form && t.has(`form.${asText(form)}`)) out.facts.push(t('fact.form', { value: t(`form.${asText(form)}`) }));
    const language = field(f, 'language');
    if (language) out.facts.push(t('fact.language', { value: t.has(`lang.${asText(language)}`) ? t(`lang.${asText(language)}`) : asText(language) }));
    out.integrity = { level: 'info', text: t('integrity.explicit') };
    return out;
  },

  'explicit:image-text'(f, m, t) {
    const out = SCHEMES['explicit:text'](f, m, t);
    const h = num(field(f, 'height_ratio', 'text_height_ratio', 'relative_height'));
    if (Number.isFinite(h)) out.facts.push(t('fact.textHeight', { pct: pct(h) }));
    return out;
  },

  'explicit:audio-rhythm'(f, m, t) {
    const out = { who: [], facts: [] };
    let start = num(field(f, 'start_s', 'start_seconds', 'start_sec', 'start', 'begin'));
    let end = num(field(f, 'end_s', 'end_seconds', 'end_sec', 'end'));
    const startMs = num(field(f, 'start_ms'));
    const endMs = num(field(f, 'end_ms'));
    if (!Number.isFinite(start) && Number.isFinite(startMs)) start = startMs / 1000;
    if (!Number.isFinite(end) && Number.isFinite(endMs)) end = endMs / 1000;
    if (Number.isFinite(start) && Number.isFinite(end)) {
      out.facts.push(t('fact.timeSpan', { start: formatTime(start), end: formatTime(end) }));
    } else if (Number.isFinite(start)) out.facts.push(t('fact.timeAt', { start: formatTime(start) }));
    out.seek = Number.isFinite(start) ? start : undefined;
    const tone = num(field(f, 'frequency_hz', 'tone_hz', 'frequency', 'pitch_hz'));
    if (Number.isFinite(tone)) out.facts.push(t('fact.tone', { value: Math.round(tone) }));
    out.integrity = { level: 'info', text: t('integrity.explicit') };
    return out;
  },

  'text:invisible'(f, m, t) {
    const out = { who: [], facts: [] };
    const kind = asText(field(f, 'kind', 'type', 'encoding', 'method') ?? m.carrier ?? '');
    const kindKey = `hidden.${kind.replace(/^text:/, '')}`;
    if (kind) out.facts.push(t('fact.hiddenKind', { value: t.has(kindKey) ? t(kindKey) : kind }));
    const count = field(f, 'count', 'char_count', 'characters');
    if (count !== undefined && typeof count !== 'object') out.facts.push(t('fact.hiddenCount', { value: asText(count) }));
    const decoded = field(f, 'decoded', 'payload_text', 'text', 'payload');
    if (decoded) out.facts.push(t('fact.decoded', { value: clip(asText(decoded), 120) }));
    out.integrity = { level: 'info', text: t('integrity.hidden') };
    return out;
  },
};

function schemeHandler(scheme) {
  if (SCHEMES[scheme]) return SCHEMES[scheme];
  if (typeof scheme === 'string' && scheme.startsWith('watermark:')) return SCHEMES.watermark;
  return null;
}

// Any field value as a small tree the view can show: text, list or map, with caps on depth, count and length.
export function valueTree(v, t, depth = 0) {
  if (v === null || v === undefined || v === '') return { type: 'text', text: t('evidence.empty'), muted: true };
  if (typeof v === 'boolean') return { type: 'text', text: t(v ? 'evidence.yes' : 'evidence.no') };
  if (typeof v === 'number') return { type: 'text', text: String(v) };
  if (typeof v === 'string') {
    return v.length > MAX_CHARS
      ? { type: 'text', text: v.slice(0, MAX_CHARS) + t('evidence.truncated', { n: v.length }) }
      : { type: 'text', text: v };
  }
  if (depth >= MAX_DEPTH) return valueTree(JSON.stringify(v), t, depth);
  if (Array.isArray(v)) {
    return {
      type: 'list',
      items: v.slice(0, MAX_ITEMS).map((x) => valueTree(x, t, depth + 1)),
      more: Math.max(0, v.length - MAX_ITEMS),
    };
  }
  const keys = Object.keys(v);
  return {
    type: 'map',
    entries: keys.slice(0, MAX_ITEMS).map((k) => ({ key: k, label: fieldLabel(k, t), value: valueTree(v[k], t, depth + 1) })),
    more: Math.max(0, keys.length - MAX_ITEMS),
  };
}

export function fieldLabel(key, t) {
  return t.has(`field.${key}`) ? t(`field.${key}`) : null;
}

export function describeMark(mark, t) {
  const m = mark && typeof mark === 'object' ? mark : {};
  const scheme = typeof m.scheme === 'string' ? m.scheme : 'unknown';
  const f = m.fields && typeof m.fields === 'object' && !Array.isArray(m.fields) ? m.fields : {};
  const known = t.has(`scheme.${scheme}.title`);
  const claim = CLAIM_ORDER.includes(m.claim) ? m.claim : 'unknown';
  const kind = ['implicit-metadata', 'watermark', 'explicit'].includes(m.kind) ? m.kind : 'other';
  const handler = schemeHandler(scheme);
  const specific = handler ? handler(f, m, t) : { who: [], facts: [], integrity: null };
  const confidence = num(m.confidence);
  if (Number.isFinite(confidence) && confidence < 1) specific.facts.push(t('fact.confidence', { pct: pct(confidence) }));
  return {
    scheme,
    kind,
    claim,
    title: known ? t(`scheme.${scheme}.title`) : t('scheme.other.title', { scheme }),
    what: known ? t(`scheme.${scheme}.what`) : t('scheme.other.what'),
    kindText: t(`kind.${kind}`),
    says: t('mark.says', { claim: t(`claim.${claim}`) }),
    who: specific.who,
    by: specific.by,
    facts: specific.facts,
    seek: specific.seek,
    integrity: specific.integrity || null,
    problems: Array.isArray(m.problems) ? m.problems.map(asText) : [],
    evidence: {
      scheme,
      carrier: typeof m.carrier === 'string' ? m.carrier : '',
      claim: t(`claim.${claim}`),
      confidence: Number.isFinite(confidence) ? pct(confidence) : '',
      fields: valueTree(f, t),
    },
  };
}

// What the verdict rests on, named in the summary: the mark that decided it.
const SOURCE_BY_SCHEME = {
  'explicit:audio-rhythm': 'audio-rhythm',
  'explicit:text': 'text',
  'explicit:image-text': 'image-text',
};
function sourceOf(mark) {
  if (!mark) return 'label';
  return SOURCE_BY_SCHEME[mark.scheme] ?? (mark.kind === 'watermark' ? 'watermark' : 'label');
}

// "PNG image", "plain text", "file of unknown format".
function whatFile(report, media, t) {
  const format = typeof report.format === 'string' ? report.format : 'unknown';
  if (format === 'unknown') return t('format.unknown');
  if (format === 'text') return t('format.text');
  const name = format === 'markdown' ? 'Markdown' : format.toUpperCase();
  return t('meta.what', { format: name, media: t(`media.${media}`) });
}

// The whole report, described. `options.size` (bytes) is shown in the meta line when given.
export function describeReport(report, lang, options = {}) {
  const t = typeof lang === 'function' ? lang : translator(lang);
  const r = report && typeof report === 'object' ? report : {};
  const verdict = VERDICTS.includes(r.verdict) ? r.verdict : 'error';
  const marks = (Array.isArray(r.marks) ? r.marks : [])
    .map((m) => describeMark(m, t))
    .map((d, i) => ({ d, i }))
    .sort((a, b) => CLAIM_ORDER.indexOf(a.d.claim) - CLAIM_ORDER.indexOf(b.d.claim) || a.i - b.i)
    .map(({ d }) => d);
  const media = ['image', 'audio', 'video', 'text', 'document'].includes(r.media) ? r.media : 'unknown';
  const what = whatFile(r, media, t);
  const size = Number.isFinite(options.size) ? formatBytes(options.size) : '';
  // An input that was never read (refused, not downloaded) has no format worth naming.
  const unread = verdict === 'error' && (r.format === 'unknown' || !r.format) && r.error?.code !== 'unsupported' && r.error?.code !== 'empty';
  const metaLine = unread ? size : size ? t('meta.line', { what, size }) : what;
  let summary;
  if (verdict === 'none') summary = marks.length ? t('summary.noneWithMarks') : t('summary.none');
  else if (verdict !== 'error') summary = t(`summary.${verdict}`, { source: t(`source.${sourceOf(marks.find((d) => d.claim === verdict))}`) });
  const top = marks.find((d) => d.claim === verdict && d.by);
  let error = null;
  if (verdict === 'error') {
    const code = r.error && typeof r.error.code === 'string' ? r.error.code : '';
    const known = ['empty', 'truncated', 'malformed', 'unsupported', 'limit', 'io'].includes(code);
    error = {
      code,
      text: known ? t(`error.${code}`) : t('error.other'),
      detail: r.error && r.error.message ? asText(r.error.message) : '',
    };
  }
  const warnings = Array.isArray(r.warnings) ? r.warnings.map(asText) : [];
  // Sound the core did not hear (report.sound, docs/report.md), said in the reader's language.
  let soundNote;
  if (r.sound && typeof r.sound === 'object' && r.sound.decoded === false && verdict !== 'error') {
    const codec = typeof r.sound.codec === 'string' && r.sound.codec ? r.sound.codec.toUpperCase() : '';
    soundNote = codec ? t('sound.notChecked', { codec }) : t('sound.notCheckedUnknown');
  }
  return {
    verdict,
    title: t(`verdict.${verdict}`),
    summary,
    // The sound's own note says what was not checked; the general caveat is for anything more.
    caveat: verdict === 'none' && warnings.length > (soundNote ? 1 : 0) ? t('summary.partial') : undefined,
    by: top ? t('summary.by', { who: top.by }) : undefined,
    media,
    metaLine,
    marks,
    warnings,
    error,
    explainNone: verdict === 'none',
    soundNote,
  };
}
