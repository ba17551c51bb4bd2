// Fuzz target: the JUMBF box walker, then the manifest store reader on top of it (claims, assertions, signatures,
// compressed manifests).
#include "c2pa/jumbf.h"
#include "c2pa/manifest.h"
#include "fuzz_walker.h"

namespace {

void visit(const dsmark::c2pa::JumbfSuperbox& b) {
  dsmark::fuzz::touch(b.label);
  dsmark::fuzz::touch(dsmark::as_chars(b.payload));
  for (const auto& c : b.contents) dsmark::fuzz::touch(dsmark::as_chars(c.payload));
  for (const auto& c : b.children) visit(c);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const dsmark::Limits limits = dsmark::fuzz::tight_limits();
  uint32_t boxes = 0;
  size_t trailing = 0;
  auto root = dsmark::c2pa::parse_jumbf({data, size}, limits, boxes, &trailing);
  if (root) visit(*root);
  (void)dsmark::c2pa::looks_like_c2pa_store({data, size});
  dsmark::c2pa::ManifestStore store;
  if (dsmark::c2pa::read_manifest_store({data, size}, limits, store).is_ok()) {
    for (const auto& m : store.manifests) {
      dsmark::fuzz::touch(m.claim_generator());
      for (const auto& a : m.assertions) dsmark::fuzz::touch(dsmark::as_chars(a.data));
    }
  }
  return 0;
}
