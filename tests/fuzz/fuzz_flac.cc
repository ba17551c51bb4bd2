// Fuzz target: the FLAC metadata blocks and Vorbis comments.
#include "fuzz_walker.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  return dsmark::fuzz::walk(&dsmark::walk_flac, data, size);
}
