// Fuzz target: the Markdown YAML front matter.
#include "fuzz_walker.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  return dsmark::fuzz::walk(&dsmark::walk_markdown, data, size);
}
