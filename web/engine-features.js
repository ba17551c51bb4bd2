// Entry points other branches add to the core's JavaScript face (wasm/dsmark-api.mjs), detected at run time so the
// page works with the core it is built with and uses more of it as it grows. No logic about marks here: when the
// core can say whether it wants PCM, it decides.
//   verifyText(string) → report            the paste box (until then: the text's UTF-8 bytes go to verify())
//   verifyPcm(bytes, name, {sampleRate, channels: Float32Array[]}) → report
//                                          audio the wasm build cannot decode, decoded by the browser's Web Audio
//   needsPcm(report) → boolean             whether that report lacks audio the core could use as PCM
//   pcmSampleRate                          the rate the core wants PCM at (default 48000)

export function capabilities(engine) {
  return {
    version: typeof engine.version === 'function' ? engine.version() : '',
    verifyText: typeof engine.verifyText === 'function',
    verifyPcm: typeof engine.verifyPcm === 'function',
    pcmSampleRate: Number(engine.pcmSampleRate) > 0 ? Number(engine.pcmSampleRate) : 48000,
  };
}

// Whether to decode this file's audio in the browser and hand the samples to the core: the core decides (a core
// without both entry points gets no PCM; the rule is not repeated here).
export function wantsPcm(engine, report) {
  if (typeof engine.verifyPcm !== 'function' || typeof engine.needsPcm !== 'function' || !report) return false;
  return !!engine.needsPcm(report);
}

// A report from any entry point: the object, or its JSON text.
export const asReport = (r) => (typeof r === 'string' ? JSON.parse(r) : r);
