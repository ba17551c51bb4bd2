// Fuzz target: the MP3 walker (ID3v2.2/2.3/2.4, ID3v1, appended tags).
#include "fuzz_walker.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  return dsmark::fuzz::walk(&dsmark::walk_mp3, data, size);
}
