// Fuzz target: the GB 45438 label parser (JSON text of one label).
#include <string_view>

#include "fuzz_walker.h"
#include "schemes/gb45438_label.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const dsmark::Mark m = dsmark::parse_gb45438_label(std::string_view(reinterpret_cast<const char*>(data), size),
                                                     "fuzz", dsmark::fuzz::tight_limits());
  for (const auto& p : m.problems) dsmark::fuzz::touch(p);
  return 0;
}
