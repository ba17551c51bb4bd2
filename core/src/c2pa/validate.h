// Checks of one manifest that do not depend on the asset: the claim signature (COSE_Sign1 over the claim, the
// signer's certificate chain against the C2PA Trust List) and the hashed URIs of its assertions.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "c2pa/cose.h"
#include "c2pa/manifest.h"
#include "c2pa/trust.h"
#include "c2pa/x509.h"

namespace dsmark::c2pa {

struct SignatureCheck {
  bool verified = false;        // the signature over the claim verifies with the signer's key
  std::string failure;          // why not, in plain words
  std::string algorithm;        // "ES256", …
  std::vector<Certificate> chain;  // parsed x5chain, signer first (empty when unreadable)
  ChainReport chain_report;
  std::vector<TimeStampInfo> timestamps;
  bool x5chain_unprotected = false;
};

// `when`: seconds since 1970 to check certificate validity at.
SignatureCheck check_signature(const Manifest& m, int64_t when);

// The claim's hash algorithm ("alg", sha256 when absent); false when it names an unsupported one.
bool claim_hash_alg(const Manifest& m, HashAlg& alg);

// Resolves and checks one hashed URI from `from`. False with `failure` set when the box is missing or its hash
// differs. `target` and `owner` receive the box and its manifest when found.
bool check_hashed_uri(const ManifestStore& store, const Manifest& from, const HashedUri& uri, std::string& failure,
                      const JumbfSuperbox** target = nullptr, const Manifest** owner = nullptr);

// Every assertion the claim lists must be present and match its hash. Returns the failures.
std::vector<std::string> check_claimed_assertions(const ManifestStore& store, const Manifest& m);

}  // namespace dsmark::c2pa
