#include "c2pa/validate.h"

#include <algorithm>

namespace dsmark::c2pa {
namespace {

constexpr size_t kMaxChain = 10;

bool same(Bytes a, Bytes b) { return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin()); }

}  // namespace

bool claim_hash_alg(const Manifest& m, HashAlg& alg) {
  alg = HashAlg::kSha256;
  const std::string_view name = m.claim_text("alg");
  return name.empty() || hash_alg_from_name(name, alg);
}

SignatureCheck check_signature(const Manifest& m, int64_t when) {
  SignatureCheck s;
  if (m.signature_bytes.empty()) {
    s.failure = "the manifest has no claim signature";
    return s;
  }
  if (m.claim_bytes.empty()) {
    s.failure = "the manifest has no claim to check the signature against";
    return s;
  }
  auto cose = parse_cose_sign1(m.signature_bytes);
  if (!cose) {
    s.failure = "the claim signature cannot be read: " + cose.status().message();
    return s;
  }
  s.x5chain_unprotected = cose->x5chain_unprotected;
  for (const Bytes& t : cose->timestamps) {
    TimeStampInfo info = read_timestamp_token(t);
    if (info.parsed) s.timestamps.push_back(std::move(info));
  }
  if (!cose->has_alg) {
    s.failure = "the claim signature does not name its algorithm";
    return s;
  }
  s.algorithm = std::string(cose_alg_name(cose->alg));
  SignatureSpec spec;
  if (!cose_signature_spec(cose->alg, spec)) {
    s.failure = "the claim signature uses COSE algorithm " + std::to_string(cose->alg) + ", which C2PA does not allow";
    return s;
  }
  if (cose->x5chain.empty()) {
    s.failure = "the claim signature carries no signing certificate";
    return s;
  }
  for (size_t i = 0; i < cose->x5chain.size() && i < kMaxChain; ++i) {
    auto cert = parse_certificate(cose->x5chain[i]);
    if (!cert) {
      if (i == 0) {
        s.failure = "the signing certificate cannot be read: " + cert.status().message();
        return s;
      }
      continue;  // an unreadable intermediate only weakens the chain
    }
    s.chain.push_back(std::move(*cert));
  }
  if (cose->has_payload && !cose->payload.empty() && !same(cose->payload, m.claim_bytes)) {
    s.failure = "the claim signature signs other data than this claim";
    return s;
  }
  const std::string tbs = cose_to_be_signed(*cose, m.claim_bytes);
  Status st = verify_signature(s.chain[0].key, spec, as_bytes(tbs), cose->signature);
  if (!st.is_ok()) {
    s.failure = "the claim signature does not verify (" + st.message() + "): the claim was changed after signing, or was not signed by this certificate";
    return s;
  }
  s.verified = true;
  s.chain_report = evaluate_chain(s.chain, when);
  return s;
}

bool check_hashed_uri(const ManifestStore& store, const Manifest& from, const HashedUri& uri, std::string& failure,
                      const JumbfSuperbox** target, const Manifest** owner) {
  const Manifest* in = nullptr;
  const JumbfSuperbox* box = store.resolve(from, uri.url, &in);
  if (target) *target = box;
  if (owner) *owner = in;
  if (!box) {
    failure = "\"" + uri.url + "\" is referenced but not in the manifest store";
    return false;
  }
  HashAlg alg;
  if (!uri.alg.empty()) {
    if (!hash_alg_from_name(uri.alg, alg)) {
      failure = "\"" + uri.url + "\" uses the unsupported hash algorithm \"" + uri.alg + "\"";
      return false;
    }
  } else if (!claim_hash_alg(from, alg)) {
    failure = "the claim uses the unsupported hash algorithm \"" + std::string(from.claim_text("alg")) + "\"";
    return false;
  }
  const std::vector<uint8_t>& got = store.payload_digest(*box, alg);
  if (!same(Bytes(got), uri.hash)) {
    failure = "\"" + uri.url + "\" does not match its hash: it was changed after signing";
    return false;
  }
  return true;
}

std::vector<std::string> check_claimed_assertions(const ManifestStore& store, const Manifest& m) {
  std::vector<std::string> failures;
  for (const HashedUri& uri : m.claimed_assertions()) {
    std::string why;
    if (!check_hashed_uri(store, m, uri, why)) failures.push_back(why);
  }
  return failures;
}

}  // namespace dsmark::c2pa
