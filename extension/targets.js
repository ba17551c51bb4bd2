// What a context-menu click asks to check, from the browser's OnClickData alone (pure functions, unit-tested under
// Node in tests/extension/targets.test.mjs). No decision about marks here: only which bytes to fetch and how.

export const MENU_ID = 'dsmark-check';
export const MENU_CONTEXTS = ['image', 'video', 'audio', 'link', 'selection'];

/** A name for a URL's file: its last path segment, decoded, or the host name. */
export function nameFromUrl(raw) {
  let url;
  try {
    url = new URL(raw);
  } catch {
    return 'file';
  }
  if (url.protocol === 'data:') {
    const type = /^([\w.+-]+\/[\w.+-]+)/.exec(url.pathname)?.[1] || 'data';
    return `data (${type})`;
  }
  if (url.protocol === 'blob:') return 'blob';
  const last = url.pathname.split('/').filter(Boolean).pop();
  if (!last) return url.hostname || 'file';
  try {
    return decodeURIComponent(last).slice(0, 200);
  } catch {
    return last.slice(0, 200);
  }
}

/** The origin match pattern a host permission is asked for (match patterns take no port). */
export function sitePattern(raw) {
  const url = new URL(raw);
  return `${url.protocol}//${url.hostname}/*`;
}

/**
 * OnClickData → what to check:
 *   {kind: 'text', text, name}                         selected text (the page's own selection is read later: the
 *                                                      browser's selectionText collapses white space)
 *   {kind: 'url', url, name, mediaType, crossOrigin}  a media element's source or a link's target
 *   {kind: 'unsupported', reason}                     nothing the extension can read (e.g. a MediaSource stream)
 * `crossOrigin`: the file comes from another site than the frame it was clicked in, so the page itself may not be
 * allowed to read it and the extension asks for that site's permission.
 */
export function clickTarget(info) {
  const frameUrl = info.frameUrl || info.pageUrl || '';
  const media = ['image', 'video', 'audio'].includes(info.mediaType) ? info.mediaType : null;
  // A picture inside a link is the picture; selected text wins over the link it sits in.
  if (!(media && info.srcUrl) && typeof info.selectionText === 'string' && info.selectionText) {
    return { kind: 'text', text: info.selectionText, name: 'selection.txt' };
  }
  const url = (media && info.srcUrl) || info.linkUrl || info.srcUrl || '';
  if (!url) return { kind: 'unsupported', reason: 'nothing' };
  let parsed;
  try {
    parsed = new URL(url);
  } catch {
    return { kind: 'unsupported', reason: 'url' };
  }
  const scheme = parsed.protocol;
  if (scheme === 'blob:') {
    // Only the page that made it can read a blob: URL; a MediaSource stream cannot be read at all.
    return { kind: 'url', url, name: nameFromUrl(url), mediaType: media || 'link', crossOrigin: false, pageOnly: true };
  }
  if (!['http:', 'https:', 'data:', 'file:'].includes(scheme)) return { kind: 'unsupported', reason: 'scheme' };
  let crossOrigin = false;
  if (scheme === 'http:' || scheme === 'https:') {
    try {
      crossOrigin = new URL(frameUrl).origin !== parsed.origin;
    } catch {
      crossOrigin = true;
    }
  }
  return { kind: 'url', url, name: nameFromUrl(url), mediaType: media || 'link', crossOrigin };
}
