// Fuzz target: the whole pipeline (sniff, walk, XMP, every scheme reader, the serializer) on any bytes.
#include "dsmark/dsmark.h"
#include "fuzz_walker.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  dsmark::VerifyOptions options;
  options.limits = dsmark::fuzz::tight_limits();
  const dsmark::Report r = dsmark::verify({data, size}, "fuzz", options);
  dsmark::fuzz::touch(dsmark::report_to_json(r));
  return 0;
}
