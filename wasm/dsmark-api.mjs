// JavaScript face of the wasm core: converts JS values to the C functions of dsmark_wasm.cc and back.
// Used by scripts/verify-wasm.mjs (Node), the web page's worker and the npm package.

/**
 * Instantiates the core. `factory` is the default export of dsmark_core.mjs; `moduleOptions` is passed to it
 * (under Node give `{wasmBinary}`; in browsers `{locateFile}` or `{wasmBinary}`).
 */
export async function createDsmark(factory, moduleOptions = {}) {
  const m = await factory(moduleOptions);
  const withCString = (s, fn) => {
    const n = m.lengthBytesUTF8(s) + 1;
    const p = m._dsmark_alloc(n);
    m.stringToUTF8(s, p, n);
    try {
      return fn(p);
    } finally {
      m._dsmark_free(p);
    }
  };
  const takeString = (p) => {
    if (!p) throw new Error('dsmark: out of memory');
    try {
      return m.UTF8ToString(p);
    } finally {
      m._dsmark_free(p);
    }
  };
  return {
    version: () => m.UTF8ToString(m._dsmark_version()),
    /** Verifies bytes (Uint8Array); returns the report JSON text (one line, schema dsmark.report.v1). */
    verifyJson(bytes, name = '') {
      const p = m._dsmark_alloc(bytes.length);
      if (!p) return this.errorReportJson(name, 'limit', 'the file is too large for the memory available here');
      try {
        m.HEAPU8.set(bytes, p);
        return withCString(name, (np) => takeString(m._dsmark_verify_json(p, bytes.length, np)));
      } finally {
        m._dsmark_free(p);
      }
    },
    verify(bytes, name = '') {
      return JSON.parse(this.verifyJson(bytes, name));
    },
    errorReportJson(name, code, message) {
      return withCString(name, (np) =>
        withCString(code, (cp) => withCString(message, (mp) => takeString(m._dsmark_error_report_json(np, cp, mp)))));
    },
  };
}
