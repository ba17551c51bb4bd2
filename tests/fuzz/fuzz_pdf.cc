// Fuzz target: the PDF object scanner, trailers, object streams.
#include "fuzz_walker.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  return dsmark::fuzz::walk(&dsmark::walk_pdf, data, size);
}
