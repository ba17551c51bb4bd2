// Fuzz target: the ZIP central directory and OOXML properties.
#include "fuzz_walker.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  return dsmark::fuzz::walk(&dsmark::walk_ooxml, data, size);
}
