// Fuzz target: everything the C2PA reader does with a manifest store short of the asset: COSE_Sign1 and X.509
// parsing and signature checks, hashed URIs and their resolution, claims v1/v2, actions and ingredients.
#include "c2pa/manifest.h"
#include "c2pa/origin.h"
#include "c2pa/validate.h"
#include "fuzz_walker.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace dsmark::c2pa;
  ManifestStore store;
  if (!read_manifest_store({data, size}, dsmark::fuzz::tight_limits(), store).is_ok()) return 0;
  for (const Manifest& m : store.manifests) {
    const SignatureCheck sig = check_signature(m, 1800000000);
    dsmark::fuzz::touch(sig.failure);
    for (const std::string& f : check_claimed_assertions(store, m)) dsmark::fuzz::touch(f);
    const OriginFinding o = manifest_origin(m);
    dsmark::fuzz::touch(o.evidence);
    for (const Assertion& a : m.assertions) {
      const Manifest* owner = nullptr;
      (void)store.resolve(m, "self#jumbf=c2pa.assertions/" + a.label, &owner);
      (void)store.resolve(m, "self#jumbf=/c2pa/" + m.label + "/c2pa.signature", &owner);
    }
  }
  return 0;
}
