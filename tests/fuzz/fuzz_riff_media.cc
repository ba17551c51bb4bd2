// Fuzz target: the WAV walker (RIFF chunks, INFO, id3, bext); the same bytes as an AVI.
#include "fuzz_walker.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  dsmark::fuzz::walk(&dsmark::walk_wav, data, size);
  return dsmark::fuzz::walk(&dsmark::walk_avi, data, size);
}
