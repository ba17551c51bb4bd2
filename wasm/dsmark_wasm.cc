// Emscripten bindings: C functions that hand bytes to the core and return its JSON report. Nothing else.
// Strings returned to JavaScript are malloc'd UTF-8; JavaScript frees them with dsmark_free.
#include <emscripten/emscripten.h>

#include <cstdlib>
#include <cstring>
#include <string>

#include "dsmark/dsmark.h"

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

// Verifies `len` bytes at `data`; `name` is echoed in the report's "file" field.
EMSCRIPTEN_KEEPALIVE char* dsmark_verify_json(const uint8_t* data, size_t len, const char* name) {
  const dsmark::Report r = dsmark::verify({data, len}, name ? name : "");
  return to_heap(dsmark::report_to_json(r));
}

// A report for an input that could not be read at all (the same shape as the CLI's).
EMSCRIPTEN_KEEPALIVE char* dsmark_error_report_json(const char* name, const char* code, const char* message) {
  return to_heap(dsmark::report_to_json(dsmark::error_report(name, code, message)));
}

}  // extern "C"
