// Fuzz target: the FLV tag walker and AMF0 reader.
#include "fuzz_walker.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  return dsmark::fuzz::walk(&dsmark::walk_flv, data, size);
}
