// A separate wasm module for the benchmark (not part of the page): the speed figures of the image watermarks,
// measured exactly as natively (tests/support/image_bench.h).
#include <emscripten/emscripten.h>

#include <cstdlib>
#include <cstring>
#include <string>

#include "support/image_bench.h"

extern "C" {

EMSCRIPTEN_KEEPALIVE void* dsmark_bench_alloc(size_t n) { return std::malloc(n ? n : 1); }
EMSCRIPTEN_KEEPALIVE void dsmark_bench_free(void* p) { std::free(p); }

// JSON of image_bench_json(); malloc'd, freed with dsmark_bench_free.
EMSCRIPTEN_KEEPALIVE char* dsmark_bench_image(const uint8_t* data, size_t len, int repeat) {
  const std::string s = dsmark::test::image_bench_json({data, len}, repeat);
  char* out = static_cast<char*>(std::malloc(s.size() + 1));
  if (out) std::memcpy(out, s.c_str(), s.size() + 1);
  return out;
}

}  // extern "C"
