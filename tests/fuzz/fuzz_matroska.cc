// Fuzz target: the Matroska/WebM walker on the EBML reader.
#include "fuzz_walker.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  return dsmark::fuzz::walk(&dsmark::walk_matroska, data, size);
}
