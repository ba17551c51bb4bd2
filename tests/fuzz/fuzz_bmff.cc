// Fuzz target: the ISO-BMFF walker (MP4, MOV, M4A, HEIF, AVIF).
#include "fuzz_walker.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  return dsmark::fuzz::walk(&dsmark::walk_bmff, data, size);
}
