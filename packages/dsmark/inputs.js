// What verify() was given, told apart the same way in Node and in browsers.
//   string                          text (not a path or an address: give a URL object for those)
//   Uint8Array (Buffer), other typed arrays, DataView, ArrayBuffer   bytes
//   Blob (File)                     bytes, named after the File
//   URL                             fetched (file: URLs are read from disk under Node)

export function classify(input) {
  if (typeof input === 'string') return { kind: 'text', text: input };
  if (input instanceof Uint8Array) return { kind: 'bytes', bytes: input };
  if (ArrayBuffer.isView(input)) return { kind: 'bytes', bytes: new Uint8Array(input.buffer, input.byteOffset, input.byteLength) };
  if (input instanceof ArrayBuffer || (typeof SharedArrayBuffer !== 'undefined' && input instanceof SharedArrayBuffer)) {
    return { kind: 'bytes', bytes: new Uint8Array(input) };
  }
  if (typeof Blob !== 'undefined' && input instanceof Blob) return { kind: 'blob', blob: input };
  if (input instanceof URL) return { kind: 'url', url: input };
  throw new TypeError('dsmark.verify(input): input must be a string (text), a Uint8Array, an ArrayBuffer, a Blob or a URL');
}

/** The name the report carries: the option, else the File's name or the URL's last path segment. */
export function defaultName(c, name) {
  if (typeof name === 'string') return name;
  if (c.kind === 'text') return 'text.txt';
  if (c.kind === 'blob' && typeof c.blob.name === 'string') return c.blob.name;
  if (c.kind === 'url') {
    if (c.url.protocol === 'data:') return 'data';
    const last = c.url.pathname.split('/').filter(Boolean).pop();
    try {
      return last ? decodeURIComponent(last) : c.url.hostname;
    } catch {
      return last;
    }
  }
  return '';
}

export function abortError(signal) {
  const reason = signal?.reason;
  if (reason instanceof Error) return reason;
  const e = new Error('The check was aborted.');
  e.name = 'AbortError';
  return e;
}
