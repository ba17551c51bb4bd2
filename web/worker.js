// The core runs here, off the page's main thread. Messages in: {id, name, bytes: ArrayBuffer} (transferred).
// Messages out: {id, report} or {id, error}.
import createDsmarkCore from './dsmark_core.mjs';
import { createDsmark } from './dsmark-api.mjs';

let engine = null;

async function getEngine() {
  if (!engine) {
    engine = (async () => {
      const response = await fetch(new URL('dsmark_core.wasm', import.meta.url));
      if (!response.ok) throw new Error(`could not load dsmark_core.wasm (${response.status})`);
      const wasmBinary = new Uint8Array(await response.arrayBuffer());
      return createDsmark(createDsmarkCore, { wasmBinary });
    })();
  }
  return engine;
}

self.onmessage = async (event) => {
  const { id, name, bytes } = event.data;
  try {
    const dsmark = await getEngine();
    const report = dsmark.verify(new Uint8Array(bytes), name);
    self.postMessage({ id, report });
  } catch (e) {
    self.postMessage({ id, error: String(e && e.message ? e.message : e) });
  }
};
