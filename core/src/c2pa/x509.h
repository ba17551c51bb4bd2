// X.509 v3 certificates (RFC 5280) as C2PA signers and trust anchors use them: the fields dsmark reports and
// checks (names, validity, key, basic constraints, key usage, extended key usage) and the signature over the
// TBSCertificate. A parser of its own because mbedTLS 2.28 cannot parse Ed25519 certificates; the key and
// signature maths are mbedTLS's and libsodium's (crypto.h).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "c2pa/crypto.h"
#include "dsmark/status.h"
#include "util/byte_reader.h"

namespace dsmark::c2pa {

struct DistinguishedName {
  Bytes der;                 // the Name as encoded (compared byte for byte to chain certificates)
  std::string common_name;   // CN
  std::string organization;  // O
  std::string text;          // "CN=…, OU=…, O=…, C=…" in the order written
};

struct Certificate {
  Bytes der;         // the whole certificate
  Bytes tbs;         // TBSCertificate, the signed bytes
  Bytes serial;
  DistinguishedName issuer, subject;
  int64_t not_before = 0, not_after = 0;  // seconds since 1970
  PublicKey key;
  std::string key_algorithm;  // "RSA", "EC P-256", "Ed25519", …
  bool signature_supported = false;
  SignatureSpec signature_spec;  // how the issuer signed this certificate
  std::string signature_algorithm_oid;
  Bytes signature;
  bool has_basic_constraints = false, is_ca = false;
  bool has_key_usage = false;
  uint16_t key_usage = 0;            // bit 0 = digitalSignature (RFC 5280 order, first bit = 0x8000 >> 0)
  std::vector<std::string> ext_key_usage;  // dotted OIDs
  bool has_unknown_critical_extension = false;

  bool self_issued() const;
  bool key_usage_allows(int bit) const { return !has_key_usage || (key_usage & (0x8000u >> bit)); }
};

Result<Certificate> parse_certificate(Bytes der);

// Checks that `cert` was signed by the holder of `issuer_key`.
Status verify_certificate_signature(const Certificate& cert, const PublicKey& issuer_key);

}  // namespace dsmark::c2pa
