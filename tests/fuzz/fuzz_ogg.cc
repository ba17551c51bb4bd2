// Fuzz target: the Ogg page reader, packet assembler and comment headers.
#include "fuzz_walker.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  return dsmark::fuzz::walk(&dsmark::walk_ogg, data, size);
}
