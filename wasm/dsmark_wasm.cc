// Emscripten bindings: C functions that hand bytes to the core and return its JSON report. Nothing else.
// Strings returned to JavaScript are malloc'd UTF-8; JavaScript frees them with dsmark_free.
#include <emscripten/emscripten.h>

#include <cstdlib>
#include <cstring>
#include <string>

#include "dsmark/dsmark.h"
#include "dsmark/watermark.h"

namespace {

char* to_heap(const std::string& s) {
  char* out = static_cast<char*>(std::malloc(s.size() + 1));
  if (out) std::memcpy(out, s.c_str(), s.size() + 1);
  return out;
}

}  // namespace

extern "C" {

EMSCRIPTEN_KEEPALIVE void* dsmark_alloc(size_t n) { return std::malloc(n ? n : 1); }
EMSCRIPTEN_KEEPALIVE void dsmark_free(void* p) { std::free(p); }

EMSCRIPTEN_KEEPALIVE const char* dsmark_version() { return dsmark::version().data(); }

// Verifies `len` bytes at `data`; `name` is echoed in the report's "file" field. `detectors` 0 runs only the
// metadata readers (VerifyOptions::detectors).
EMSCRIPTEN_KEEPALIVE char* dsmark_verify_json(const uint8_t* data, size_t len, const char* name, int detectors) {
  dsmark::VerifyOptions options;
  options.detectors = detectors != 0;
  const dsmark::Report r = dsmark::verify({data, len}, name ? name : "", options);
  return to_heap(dsmark::report_to_json(r));
}

// Verifies `len` bytes at `data` (may be 0) with sound the caller decoded: `channels` planar channels of `frames`
// float samples each at `pcm` (channel after channel), at `sample_rate` Hz (dsmark::verify_with_pcm).
EMSCRIPTEN_KEEPALIVE char* dsmark_verify_pcm_json(const uint8_t* data, size_t len, const char* name, const float* pcm,
                                                  size_t frames, uint32_t sample_rate, uint32_t channels) {
  dsmark::PcmAudio audio;
  audio.samples = pcm;
  audio.frames = frames;
  audio.sample_rate = sample_rate;
  audio.channels = channels;
  audio.planar = true;
  const dsmark::Report r = dsmark::verify_with_pcm({data, len}, name ? name : "", audio);
  return to_heap(dsmark::report_to_json(r));
}

// Verifies text given directly (the page's paste box): `len` bytes of UTF-8 at `data` (JavaScript encodes the
// string with TextEncoder). Same report as for the same text saved as a UTF-8 file, apart from `file`.
EMSCRIPTEN_KEEPALIVE char* dsmark_verify_text_json(const char* data, size_t len, const char* name, int detectors) {
  dsmark::VerifyOptions options;
  options.detectors = detectors != 0;
  const dsmark::Report r = dsmark::verify_text({data, len}, name ? name : "", options);
  return to_heap(dsmark::report_to_json(r));
}

// Adds dsmark's watermark. Returns the marked bytes (malloc'd, length in *out_len), or nullptr with a malloc'd
// plain-language message in *error.
EMSCRIPTEN_KEEPALIVE uint8_t* dsmark_embed_watermark(const uint8_t* data, size_t len, const char* output_format,
                                                     const char* payload_hex, size_t* out_len, char** error) {
  *out_len = 0;
  *error = nullptr;
  dsmark::EmbedOptions options;
  options.output_format = output_format ? output_format : "";
  if (payload_hex && *payload_hex) {
    auto payload = dsmark::payload_from_hex(payload_hex);
    if (!payload) {
      *error = to_heap(payload.status().message());
      return nullptr;
    }
    options.payload = std::move(*payload);
  }
  auto marked = dsmark::embed_watermark({data, len}, options);
  if (!marked) {
    *error = to_heap(marked.status().message());
    return nullptr;
  }
  auto* out = static_cast<uint8_t*>(std::malloc(marked->size() ? marked->size() : 1));
  if (!out) {
    *error = to_heap("out of memory");
    return nullptr;
  }
  std::memcpy(out, marked->data(), marked->size());
  *out_len = marked->size();
  return out;
}

// A report for an input that could not be read at all (the same shape as the CLI's).
EMSCRIPTEN_KEEPALIVE char* dsmark_error_report_json(const char* name, const char* code, const char* message) {
  return to_heap(dsmark::report_to_json(dsmark::error_report(name, code, message)));
}

}  // extern "C"
