// Fuzz target: the CBOR decoder (definite and indefinite lengths, tags, floats), then every accessor on the result.
#include "c2pa/cbor.h"
#include "fuzz_walker.h"

namespace {

void visit(const dsmark::c2pa::CborValue& v, int depth) {
  int64_t n = 0;
  (void)v.as_int64(n);
  dsmark::fuzz::touch(v.text());
  (void)v.find("alg");
  (void)v.find(int64_t{33});
  (void)v.untagged();
  if (depth > 80) return;
  for (const auto& c : v.items()) visit(c, depth + 1);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  dsmark::c2pa::CborLimits limits;
  limits.max_depth = 32;
  auto v = dsmark::c2pa::decode_cbor({data, size}, limits);
  if (v) visit(*v, 0);
  size_t used = 0;
  auto p = dsmark::c2pa::decode_cbor_prefix({data, size}, used, limits);
  if (p && used > size) __builtin_trap();
  return 0;
}
