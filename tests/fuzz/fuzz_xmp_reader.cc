// Fuzz target: the tolerant XMP reader.
#include <string_view>

#include "fuzz_walker.h"
#include "xmp/xmp_reader.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const dsmark::XmpDocument doc =
      dsmark::parse_xmp(std::string_view(reinterpret_cast<const char*>(data), size), dsmark::fuzz::tight_limits());
  for (const auto& p : doc.properties) dsmark::fuzz::touch(p.value);
  return 0;
}
