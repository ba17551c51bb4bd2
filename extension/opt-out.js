// How a page asks extensions not to inject UI into it (docs/extension.md, "Pages that opt out"):
//   <meta name="dsmark" content="no-injected-ui">      the whole page: no badges, no panel inside the page
//   data-dsmark="no-injected-ui" on any element          that element and everything inside it (on <html>: the page)
// A check the user asks for from the menu still runs; its result is shown in the extension's own window instead.
export const OPT_OUT = 'no-injected-ui';

const tokens = (value) => String(value || '').toLowerCase().split(/[\s,]+/).filter(Boolean);

export function pageOptedOut(doc) {
  for (const meta of doc.querySelectorAll('meta[name]')) {
    if (meta.name.toLowerCase() === 'dsmark' && tokens(meta.content).includes(OPT_OUT)) return true;
  }
  return tokens(doc.documentElement?.getAttribute('data-dsmark')).includes(OPT_OUT)
    || tokens(doc.body?.getAttribute('data-dsmark')).includes(OPT_OUT);
}

export function elementOptedOut(el) {
  for (let e = el; e && e.nodeType === 1; e = e.parentElement) {
    if (tokens(e.getAttribute('data-dsmark')).includes(OPT_OUT)) return true;
  }
  return false;
}
