// Fuzz target: COSE_Sign1 (protected header, x5chain, time-stamp tokens), the X.509 and RFC 3161 DER readers, and
// signature checks with whatever key the input carries.
#include "c2pa/cose.h"
#include "c2pa/trust.h"
#include "c2pa/x509.h"
#include "fuzz_walker.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace dsmark::c2pa;
  const dsmark::Bytes in(data, size);
  if (auto cert = parse_certificate(in)) {
    dsmark::fuzz::touch(cert->subject.text);
    (void)verify_certificate_signature(*cert, cert->key);
    (void)evaluate_chain({*cert}, 1800000000);
  }
  (void)read_timestamp_token(in);
  auto cose = parse_cose_sign1(in);
  if (!cose) return 0;
  std::vector<Certificate> chain;
  for (const auto& der : cose->x5chain) {
    if (auto c = parse_certificate(der)) chain.push_back(std::move(*c));
  }
  for (const auto& t : cose->timestamps) dsmark::fuzz::touch(read_timestamp_token(t).authority);
  SignatureSpec spec;
  if (!chain.empty() && cose->has_alg && cose_signature_spec(cose->alg, spec)) {
    const std::string tbs = cose_to_be_signed(*cose, dsmark::as_bytes("claim"));
    (void)verify_signature(chain[0].key, spec, dsmark::as_bytes(tbs), cose->signature);
    (void)evaluate_chain(chain, 1800000000);
  }
  return 0;
}
