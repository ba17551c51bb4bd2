// Runs in the page (content script): reads a file the way the page itself may (same-origin or CORS, from the
// browser's cache when it holds it) and streams it to the extension's engine over a port, base64 in 1 MiB pieces
// (extension messaging carries JSON only). Also reads the user's selection.
export const BYTES_PORT = 'dsmark-bytes';
const PIECE = 1024 * 1024;

function toBase64(bytes) {
  let s = '';
  for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode.apply(null, bytes.subarray(i, i + 0x8000));
  return btoa(s);
}

// A failed fetch: a second, opaque request tells "the site does not let the page read it" from "no answer".
async function whyFailed(url) {
  const probe = new AbortController();
  try {
    await fetch(url, { mode: 'no-cors', cache: 'force-cache', signal: probe.signal });
    probe.abort();
    return 'blocked';
  } catch {
    return 'network';
  }
}

/** Fetches `url` in the page and streams it to the engine as `job`. → {ok, size} | {error, status?, size?, max?} */
export async function streamToEngine(api, job, url, maxBytes) {
  let response;
  try {
    response = await fetch(url, { cache: 'force-cache' });
  } catch {
    return { error: url.startsWith('blob:') ? 'stream' : await whyFailed(url) };
  }
  if (!response.ok) return { error: 'http', status: response.status };
  const declared = Number(response.headers.get('content-length'));
  const total = Number.isFinite(declared) && declared > 0 ? declared : undefined;
  if (total > maxBytes) return { error: 'tooLarge', size: total, max: maxBytes };
  const port = api.runtime.connect({ name: BYTES_PORT });
  let loaded = 0;
  try {
    port.postMessage({ job, type: 'start', total, contentType: response.headers.get('content-type') || '' });
    const reader = response.body.getReader();
    let pending = [];
    let pendingBytes = 0;
    const flush = () => {
      if (!pendingBytes) return;
      const piece = new Uint8Array(pendingBytes);
      let at = 0;
      for (const p of pending) {
        piece.set(p, at);
        at += p.length;
      }
      port.postMessage({ job, type: 'chunk', data: toBase64(piece) });
      pending = [];
      pendingBytes = 0;
    };
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      loaded += value.length;
      if (loaded > maxBytes) {
        reader.cancel().catch(() => {});
        port.postMessage({ job, type: 'error', reason: 'tooLarge' });
        return { error: 'tooLarge', size: loaded, max: maxBytes };
      }
      pending.push(value);
      pendingBytes += value.length;
      if (pendingBytes >= PIECE) flush();
    }
    flush();
    port.postMessage({ job, type: 'end' });
    return { ok: true, size: loaded };
  } catch {
    try {
      port.postMessage({ job, type: 'error', reason: 'network' });
    } catch {
      /* the port is gone too */
    }
    return { error: 'network' };
  } finally {
    port.disconnect();
  }
}

/** The text the user selected in this frame: a text field's selection, or the page's. */
export function readSelection(doc) {
  const el = doc.activeElement;
  if (el && (el.tagName === 'TEXTAREA' || el.tagName === 'INPUT')) {
    try {
      if (el.selectionStart !== el.selectionEnd) return el.value.slice(el.selectionStart, el.selectionEnd);
    } catch {
      /* input types without a selection */
    }
  }
  return doc.getSelection()?.toString() || '';
}
