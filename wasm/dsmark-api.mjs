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
    /**
     * Verifies bytes (Uint8Array); returns the report JSON text (one line, schema dsmark.report.v1).
     * `{detectors: false}` runs only the metadata readers (fast); the default runs every detector too.
     */
    verifyJson(bytes, name = '', { detectors = true } = {}) {
      const p = m._dsmark_alloc(bytes.length);
      if (!p) return this.errorReportJson(name, 'limit', 'the file is too large for the memory available here');
      try {
        m.HEAPU8.set(bytes, p);
        return withCString(name, (np) => takeString(m._dsmark_verify_json(p, bytes.length, np, detectors ? 1 : 0)));
      } finally {
        m._dsmark_free(p);
      }
    },
    verify(bytes, name = '', options = {}) {
      return JSON.parse(this.verifyJson(bytes, name, options));
    },
    /**
     * Room for `length` input bytes inside the core's memory, filled piece by piece (for example from a
     * stream, so a large file is never held twice) and verified as often as needed without copying it again
     * (metadata first, detectors after). Returns null when the memory is not available; call free() when done.
     */
    createInput(length) {
      const p = m._dsmark_alloc(length);
      if (!p) return null;
      let live = true;
      return {
        length,
        set(chunk, offset) {
          if (!live || offset < 0 || offset + chunk.length > length) throw new RangeError('dsmark: input overrun');
          m.HEAPU8.set(chunk, p + offset);
        },
        bytes() {
          return m.HEAPU8.slice(p, p + length);
        },
        verifyJson(name = '', { detectors = true } = {}) {
          if (!live) throw new Error('dsmark: input already freed');
          return withCString(name, (np) => takeString(m._dsmark_verify_json(p, length, np, detectors ? 1 : 0)));
        },
        verify(name = '', options = {}) {
          return JSON.parse(this.verifyJson(name, options));
        },
        free() {
          if (live) m._dsmark_free(p);
          live = false;
        },
      };
    },
    /**
     * Verifies text given as a string (a paste box): returns the report JSON text. The report equals the one for
     * the same text saved as a UTF-8 file, apart from `file` (which is `name`); positions in marks count the
     * string's code points (`start`, `end`) and UTF-16 units (`utf16_start`, `utf16_end`, usable with
     * String.prototype.slice and setSelectionRange), after line breaks are normalised to "\n".
     */
    verifyTextJson(text, name = 'pasted text', { detectors = true } = {}) {
      const bytes = new TextEncoder().encode(text);  // lone surrogates become U+FFFD, as in a saved file
      const p = m._dsmark_alloc(bytes.length);
      if (!p) return this.errorReportJson(name, 'limit', 'the text is too large for the memory available here');
      try {
        m.HEAPU8.set(bytes, p);
        return withCString(name, (np) =>
          takeString(m._dsmark_verify_text_json(p, bytes.length, np, detectors ? 1 : 0)));
      } finally {
        m._dsmark_free(p);
      }
    },
    verifyText(text, name = 'pasted text', options = {}) {
      return JSON.parse(this.verifyTextJson(text, name, options));
    },
    /**
     * Adds dsmark's watermark to bytes (Uint8Array). `outputFormat`: "png", "jpeg", "webp", "wav", "opus" or
     * "text"; `payloadHex`: hex digits, or '' for the default payload. Returns the marked bytes; throws an Error
     * with a plain message when the core refuses.
     */
    embedWatermark(bytes, outputFormat, payloadHex = '') {
      const p = m._dsmark_alloc(bytes.length);
      const slots = m._dsmark_alloc(8);  // size_t out_len, char* error (wasm32: 4 bytes each)
      if (!p || !slots) throw new Error('dsmark: out of memory');
      try {
        m.HEAPU8.set(bytes, p);
        const out = withCString(outputFormat, (fp) =>
          withCString(payloadHex, (hp) => m._dsmark_embed_watermark(p, bytes.length, fp, hp, slots, slots + 4)));
        const outLen = m.HEAPU32[slots >> 2];
        const errPtr = m.HEAPU32[(slots >> 2) + 1];
        if (!out) throw new Error(errPtr ? takeString(errPtr) : 'dsmark: the watermark could not be added');
        try {
          return m.HEAPU8.slice(out, out + outLen);
        } finally {
          m._dsmark_free(out);
        }
      } finally {
        m._dsmark_free(p);
        m._dsmark_free(slots);
      }
    },
    /**
     * Verifies sound decoded by the caller (an AudioBuffer from the Web Audio API, for codecs this build does not
     * decode): `channels` is an array of Float32Array (one per channel, equal lengths), `sampleRate` in Hz. `bytes`
     * (Uint8Array, may be empty) are the file itself, read for its metadata. Returns the report JSON text; marks
     * found in the samples name the carrier "pcm".
     */
    verifyPcmJson(bytes, name, { sampleRate, channels }) {
      const frames = channels.length ? channels[0].length : 0;
      if (channels.some((ch) => ch.length !== frames)) throw new Error('dsmark: channels of different lengths');
      const data = m._dsmark_alloc(Math.max(1, bytes.length));
      const pcm = m._dsmark_alloc(Math.max(1, channels.length * frames * 4));
      if (!data || !pcm) {
        m._dsmark_free(data);
        m._dsmark_free(pcm);
        return this.errorReportJson(name, 'limit', 'the sound is too long for the memory available here');
      }
      try {
        m.HEAPU8.set(bytes, data);
        channels.forEach((ch, i) => m.HEAPF32.set(ch, (pcm >> 2) + i * frames));
        return withCString(name, (np) =>
          takeString(m._dsmark_verify_pcm_json(data, bytes.length, np, pcm, frames, sampleRate, channels.length)));
      } finally {
        m._dsmark_free(data);
        m._dsmark_free(pcm);
      }
    },
    verifyPcm(bytes, name, pcm) {
      return JSON.parse(this.verifyPcmJson(bytes, name, pcm));
    },
    // The rate verifyPcm wants (its detectors analyse 16 kHz mono; more is resampled, costing transfer time).
    pcmSampleRate: 16000,
    // Whether `report` (from verify with detectors) has sound this build has no decoder for (AAC, FLAC, MP3 in
    // the wasm build), which the caller may decode itself (Web Audio) and pass to verifyPcm. The core says so in the
    // report's `sound` object (docs/report.md): decoded false with code "unsupported".
    needsPcm(report) {
      return !!report && report.verdict !== 'error' && !!report.sound && report.sound.decoded === false &&
        report.sound.code === 'unsupported';
    },
    errorReportJson(name, code, message) {
      return withCString(name, (np) =>
        withCString(code, (cp) => withCString(message, (mp) => takeString(m._dsmark_error_report_json(np, cp, mp)))));
    },
  };
}
