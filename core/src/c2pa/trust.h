// The bundled C2PA Trust List (core/data/c2pa-trust-list.pem) and certificate path checks against it.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "c2pa/x509.h"

namespace dsmark::c2pa {

struct TrustAnchor {
  std::string entity;   // the organisation that operates it
  std::string service;  // the list's service name (the certificate's subject CN)
  Certificate cert;
};

// The anchors, parsed once on first use (thread-safe).
const std::vector<TrustAnchor>& c2pa_trust_anchors();
// The list's issue date, e.g. "2026-08-05".
std::string_view c2pa_trust_list_date();

// What a signer's certificate chain says, checked at time `when` (seconds since 1970).
struct ChainReport {
  bool trusted = false;            // reaches an anchor, every certificate valid at `when`, signer profile fine
  bool complete = false;           // every certificate is signed by the next, up to a root or an anchor
  std::string anchor;              // the anchor reached (service name), when any
  std::string anchor_entity;
  bool leaf_expired = false, leaf_not_yet_valid = false;
  std::vector<std::string> problems;  // integrity or profile findings (expired, not a signing certificate, …)
  std::vector<std::string> notes;     // why the chain is not trusted when nothing is wrong with it
};

// `chain` is the COSE x5chain, signer first; `anchors` the trust list (tests pass their own).
ChainReport evaluate_chain(const std::vector<Certificate>& chain, int64_t when,
                           const std::vector<TrustAnchor>& anchors = c2pa_trust_anchors());

}  // namespace dsmark::c2pa
