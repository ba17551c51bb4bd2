// TEST DATA for the result view's unit tests — NOT produced by dsmark.
// Hand-written reports in the SPEC.md shape (dsmark.report.v1) for schemes this branch's core cannot produce yet
// (C2PA, IPTC, generators, watermarks, audio, text), so the rendering code is tested for every scheme before those
// readers are merged. Field names follow SPEC.md and the issues; the view also reads common variants of them.
// End-to-end browser tests never use these: they drop real files on the real page with the real wasm.
const base = (file, format, media, verdict, marks, extra = {}) => ({
  schema: 'dsmark.report.v1', file, format, media, verdict, marks, warnings: [], error: null, ...extra,
});
const mark = (scheme, kind, carrier, claim, fields, problems = [], confidence = 1.0) => ({
  scheme, kind, carrier, claim, confidence, fields, problems,
});

export const SAMPLE_REPORTS = {
  // The shape of the core's decoded label (docs/report.md: producer/propagator, reserved_code1/2).
  gb45438Decoded: base('jimeng.png', 'png', 'image', 'ai', [
    mark('gb45438', 'implicit-metadata', 'png:iTXt:XML:com.adobe.xmp/TC260:AIGC', 'ai', {
      Label: '1', ContentProducer: '00119144030008867405X210001', ProduceID: 'a1b2c3',
      ReservedCode1: '{"SecurityData":{"Type":"TC260PG","Version":1}}',
      ContentPropagator: '00119144030008867405X220001', PropagateID: 'p-77', ReservedCode2: '',
      producer: { code: '00119144030008867405X210001', credit_code: '9144030008867405X2', credit_code_valid: true,
        service: 'generation', product_code: '0001', provider: 'Jimeng', provider_zh: '即梦', organization: 'ByteDance',
        matched_by: 'credit-code' },
      propagator: { code: '00119144030008867405X220001', credit_code: '9144030008867405X2', credit_code_valid: true,
        service: 'propagation', product_code: '0001', provider: 'Jimeng', provider_zh: '即梦', organization: 'ByteDance',
        matched_by: 'credit-code' },
      reserved_code1: { form: 'SecurityData', type: 'TC260PG', version: '1', alg_id: '1.2.156.10197.1.501',
        algorithm: 'SM3withSM2', signature: 'not-checked', reason: 'no public key in the label' },
    }),
  ]),
  gb45438Signed: base('signed.png', 'png', 'image', 'ai', [
    mark('gb45438', 'implicit-metadata', 'png:iTXt:XML:com.adobe.xmp/TC260:AIGC', 'ai', {
      Label: '1', ContentProducer: '001191110102MACQD9K64010000', ProduceID: 'x1',
      producer: { code: '001191110102MACQD9K64010000', provider: 'Doubao', provider_zh: '豆包', organization: 'ByteDance' },
      reserved_code1: { form: 'SecurityData', algorithm: 'SM3withSM2', signature: 'valid', key: 'embedded in the label' },
    }),
  ]),
  gb45438Tampered: base('tampered.png', 'png', 'image', 'ai', [
    mark('gb45438', 'implicit-metadata', 'png:iTXt:XML:com.adobe.xmp/TC260:AIGC', 'ai', {
      Label: '1', ContentProducer: '001191110102MACQD9K64010000',
      producer: { code: '001191110102MACQD9K64010000', credit_code_valid: true },
      reserved_code1: { form: 'SecurityData', algorithm: 'SM3withSM2', signature: 'invalid' },
    }, ['the SecurityData signature does not verify']),
  ]),
  gb45438Problems: base('two-labels.jpg', 'jpeg', 'image', 'ai', [
    mark('gb45438', 'implicit-metadata', 'jpeg:APP1:xmp/TC260:AIGC', 'possibly-ai',
      { Label: '2', ContentProducer: 'kling', ProduceID: 'x' },
      ['two labels in one file (GB 45438 §6.1 c)', 'the copies disagree: Label 2 here, 1 in EXIF']),
    mark('gb45438', 'implicit-metadata', 'jpeg:APP1:exif/UserComment', 'ai', { Label: 'AIGC' }, ['Label "AIGC" is outside 1–3']),
  ]),
  c2paUntrusted: base('chatgpt.png', 'png', 'image', 'ai', [
    mark('c2pa', 'implicit-metadata', 'png:caBX', 'ai', {
      claim_generator: 'ChatGPT', digital_source_type: 'http://cv.iptc.org/newscodes/digitalsourcetype/trainedAlgorithmicMedia',
      signer_subject: 'OpenAI Media Service', signer_issuer: 'Truepic Lens CA', validation: 'valid-untrusted',
      actions: [{ action: 'c2pa.created' }, { action: 'c2pa.converted' }], timestamp: true,
    }),
  ]),
  c2paTrustedCapture: base('camera.jpg', 'jpeg', 'image', 'none', [
    mark('c2pa', 'implicit-metadata', 'jpeg:APP11:c2pa', 'not-ai', {
      claimGenerator: 'Leica M11-P', digitalSourceType: 'digitalCapture', signer: { cn: 'Leica Camera AG', o: 'Leica' },
      validation: 'trusted', signing_time: '2024-03-01T10:00:00Z',
    }),
  ]),
  c2paInvalid: base('XCA.jpg', 'jpeg', 'image', 'ai', [
    mark('c2pa', 'implicit-metadata', 'jpeg:APP11:c2pa', 'ai', {
      claim_generator: 'make_test_images/0.33.1', digital_source_type: 'compositeWithTrainedAlgorithmicMedia',
      validation: 'invalid', ingredients: [{ title: 'A.jpg', claim: 'none' }, { title: 'sunset.jpg' }],
    }, ['c2pa.hash.data mismatch: the file was changed after signing', 'the signature does not verify']),
  ]),
  c2paRemote: base('cloud.jpg', 'jpeg', 'image', 'none', [
    mark('c2pa', 'implicit-metadata', 'jpeg:APP1:xmp/dcterms:provenance', 'unknown', {
      remote_url: 'https://cai-manifests.adobe.com/manifests/adobe-urn-uuid-5f37e182',
    }),
  ]),
  iptc: base('midjourney.png', 'png', 'image', 'ai', [
    mark('iptc', 'implicit-metadata', 'png:iTXt:XML:com.adobe.xmp/Iptc4xmpExt:DigitalSourceType', 'ai', {
      DigitalSourceType: 'https://cv.iptc.org/newscodes/digitalsourcetype/trainedAlgorithmicMedia',
      AISystemUsed: 'Midjourney', AISystemVersionUsed: '6.1', AIPromptInformation: 'a lighthouse at dusk',
    }),
  ]),
  generator: base('comfy.png', 'png', 'image', 'ai', [
    mark('generator', 'implicit-metadata', 'png:tEXt:prompt', 'ai', {
      tool: 'comfyui', model: 'sd_xl_base_1.0.safetensors', prompt: 'a cat astronaut, studio light',
      workflow: { nodes: [{ id: 3, type: 'KSampler', widgets_values: [42, 'fixed', 20, 7.5] }], version: 0.4 },
    }),
    mark('generator', 'implicit-metadata', 'png:tEXt:Software', 'unknown', { tool: 'exif-software', value: 'Adobe Photoshop 25.0' }),
  ]),
  sdWatermark: base('sdxl.png', 'png', 'image', 'ai', [
    mark('watermark:sd-dwtdct', 'watermark', 'pixels:U/dwt-LL', 'ai',
      { model: 'SDXL', bits: 48, matched_bits: 48, z: 41.7, p_value: 3.1e-12 }, [], 0.999999),
  ]),
  dsmarkImage: base('marked.jpg', 'jpeg', 'image', 'ai', [
    mark('watermark:dsmark-image', 'watermark', 'pixels:Y', 'ai', { payload: '0123456789abcdef', p_value: 2e-15, z: 12.3 }, [], 0.99),
  ]),
  audio: base('voice.wav', 'wav', 'audio', 'ai', [
    mark('explicit:audio-rhythm', 'explicit', 'audio:pcm', 'ai', { start_s: 1.25, end_s: 2.875, frequency_hz: 1000, unit_ms: 120, strength: 18.5 }),
    mark('watermark:dsmark-audio', 'watermark', 'audio:pcm', 'ai', { payload: 'c0ffee00', p_value: 4.5e-11 }, [], 0.98),
  ], { warnings: ['the AAC track could not be decoded in this build; its audio was not searched'] }),
  audioNotDecoded: base('song.m4a', 'm4a', 'audio', 'none', [], {
    warnings: ['the AAC LC sound of this m4a file could not be decoded in this build; its sound was not checked for audio marks'],
    sound: { decoded: false, codec: 'aac', decoder: null, seconds: null, code: 'unsupported',
      reason: 'the AAC LC sound of this m4a file could not be decoded in this build' },
  }),
  text: base('pasted-text.txt', 'text', 'text', 'ai', [
    mark('explicit:text', 'explicit', 'text:line 1', 'ai', { text: '本文由AI生成', position: 'start', span: [0, 7] }),
    mark('text:invisible', 'watermark', 'text:chars 12-40', 'unknown', { kind: 'tag characters', count: 28, decoded: 'gen=qwen;id=42' }),
    mark('watermark:dsmark-text', 'watermark', 'text:zero-width', 'ai', { payload: '00ff00ff', p_value: 1e-9 }, [], 0.97),
  ]),
  imageText: base('doubao.png', 'png', 'image', 'ai', [
    mark('explicit:image-text', 'explicit', 'pixels:bottom-right', 'ai', { text: '豆包AI生成', position: 'bottom-right', height_ratio: 0.031 },
      ['the text is smaller than 5 % of the shortest side']),
  ]),
  futureScheme: base('future.heic', 'heif', 'image', 'suspected-ai', [
    mark('watermark:trustmark', 'watermark', 'pixels', 'suspected-ai', { schema: 'BCH_SUPER', bits: '1011', deep: { a: [1, 2, { b: null }] } }, [], 0.8),
    mark('vendor:new-thing', 'other-kind', 'somewhere', 'odd-claim', { note: 'x'.repeat(900), list: Array.from({ length: 60 }, (_, i) => i) }),
  ]),
  noneWithWarning: base('scan.pdf', 'pdf', 'document', 'none', [], { warnings: ['dsmark does not read the structure of pdf files yet; only embedded XMP was searched'] }),
  error: base('broken.png', 'png', 'image', 'error', [], { error: { code: 'truncated', message: 'The file ends inside a PNG chunk.' } }),
  errorUnknownCode: base('odd.bin', 'unknown', 'unknown', 'error', [], { error: { code: 'brand-new-code', message: 'Something new.' } }),
};
