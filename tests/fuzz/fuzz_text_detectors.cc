// Fuzz target: verify_text() with every text detector (explicit labels, the dsmark text watermark, invisible
// characters: tags, variation selectors, the C2PA text wrapper, zero-width decoding, bidi, homoglyphs) and the
// serializer, on any bytes given as a pasted string.
#include "dsmark/dsmark.h"
#include "fuzz_walker.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  dsmark::VerifyOptions options;
  options.limits = dsmark::fuzz::tight_limits();
  options.limits.max_text_findings = 4096;
  const dsmark::Report r = dsmark::verify_text({reinterpret_cast<const char*>(data), size}, "fuzz", options);
  dsmark::fuzz::touch(dsmark::report_to_json(r));
  return 0;
}
