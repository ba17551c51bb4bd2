#include "c2pa/trust.h"

#include <algorithm>
#include <string_view>

#include "c2pa/der.h"

namespace dsmark::c2pa {
namespace {

// Generated from core/data/c2pa-trust-list.pem by core/CMakeLists.txt: `constexpr std::string_view kTrustListPem`.
#include "c2pa_trust_list.inc"

constexpr size_t kMaxPath = 8;

// Extended key usages a C2PA claim signer may carry (C2PA 2.x §14.5.1 and the ones c2pa-rs accepts by default).
constexpr std::string_view kSignerEkus[] = {
    "1.3.6.1.5.5.7.3.4",          // id-kp-emailProtection
    "1.3.6.1.5.5.7.3.36",         // id-kp-documentSigning
    "1.3.6.1.4.1.62558.2.1",      // c2pa-kp-claimSigning
    "1.3.6.1.5.5.7.3.8",          // id-kp-timeStamping
    "1.3.6.1.5.5.7.3.9",          // id-kp-OCSPSigning
    "1.3.6.1.4.1.311.76.59.1.9",  // Microsoft content provenance signing
};

int b64_value(char c) {
  if (c >= 'A' && c <= 'Z') return c - 'A';
  if (c >= 'a' && c <= 'z') return c - 'a' + 26;
  if (c >= '0' && c <= '9') return c - '0' + 52;
  if (c == '+') return 62;
  if (c == '/') return 63;
  return -1;
}

std::vector<uint8_t> base64_decode(std::string_view s) {
  std::vector<uint8_t> out;
  uint32_t acc = 0;
  int bits = 0;
  for (char c : s) {
    const int v = b64_value(c);
    if (v < 0) continue;  // newlines and padding
    acc = acc << 6 | static_cast<uint32_t>(v);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out.push_back(static_cast<uint8_t>(acc >> bits));
    }
  }
  return out;
}

struct Store {
  std::vector<std::vector<uint8_t>> ders;  // owns the bytes the certificates point into
  std::vector<TrustAnchor> anchors;
};

Store load() {
  Store s;
  constexpr std::string_view kBegin = "-----BEGIN CERTIFICATE-----", kEnd = "-----END CERTIFICATE-----";
  std::string_view pem = kTrustListPem;
  std::vector<std::pair<std::string, std::string>> names;
  size_t pos = 0;
  while ((pos = pem.find(kBegin, pos)) != std::string_view::npos) {
    // The comment line just before: "# entity | service | since …".
    const size_t line_end = pem.rfind('\n', pos == 0 ? 0 : pos - 1);
    const size_t line_start = line_end == std::string_view::npos ? 0 : pem.rfind('\n', line_end - 1);
    std::string_view comment = pem.substr(line_start == std::string_view::npos ? 0 : line_start + 1,
                                          line_end == std::string_view::npos ? 0 : line_end - line_start - 1);
    std::string entity, service;
    if (comment.rfind("# ", 0) == 0) {
      comment.remove_prefix(2);
      const size_t bar = comment.find(" | ");
      entity = std::string(comment.substr(0, bar));
      if (bar != std::string_view::npos) {
        std::string_view rest = comment.substr(bar + 3);
        service = std::string(rest.substr(0, rest.find(" | ")));
      }
    }
    const size_t end = pem.find(kEnd, pos);
    if (end == std::string_view::npos) break;
    s.ders.push_back(base64_decode(pem.substr(pos + kBegin.size(), end - pos - kBegin.size())));
    names.emplace_back(std::move(entity), std::move(service));
    pos = end + kEnd.size();
  }
  for (size_t i = 0; i < s.ders.size(); ++i) {
    auto cert = parse_certificate(s.ders[i]);
    if (!cert) continue;  // the unit tests require every bundled anchor to parse
    TrustAnchor a{names[i].first, names[i].second, std::move(*cert)};
    if (a.service.empty()) a.service = a.cert.subject.common_name;
    s.anchors.push_back(std::move(a));
  }
  return s;
}

const Store& store() {
  static const Store s = load();
  return s;
}

bool same(Bytes a, Bytes b) { return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin()); }

void check_time(const Certificate& c, int64_t when, bool is_leaf, ChainReport& r) {
  const std::string who = is_leaf ? "the signing certificate" : "the issuing certificate \"" + c.subject.common_name + "\"";
  if (when > c.not_after) {
    if (is_leaf) r.leaf_expired = true;
    r.problems.push_back(who + " expired on " + iso8601(c.not_after).substr(0, 10));
  } else if (when < c.not_before) {
    if (is_leaf) r.leaf_not_yet_valid = true;
    r.problems.push_back(who + " is not valid before " + iso8601(c.not_before).substr(0, 10));
  }
}

}  // namespace

const std::vector<TrustAnchor>& c2pa_trust_anchors() { return store().anchors; }

std::string_view c2pa_trust_list_date() {
  // From the file's header ("ListIssueDateTime 2026-08-05T00:11:39Z"), so the two cannot drift apart.
  constexpr std::string_view kKey = "ListIssueDateTime ";
  const size_t at = kTrustListPem.find(kKey);
  return at == std::string_view::npos ? std::string_view("unknown") : kTrustListPem.substr(at + kKey.size(), 10);
}

ChainReport evaluate_chain(const std::vector<Certificate>& chain, int64_t when, const std::vector<TrustAnchor>& anchors) {
  ChainReport r;
  if (chain.empty()) return r;
  const Certificate& leaf = chain[0];

  // Profile of the signer's certificate (C2PA 2.x §14.5.1).
  bool profile_ok = true;
  if (leaf.is_ca) {
    r.problems.push_back("the signing certificate is a CA certificate, which may not sign claims");
    profile_ok = false;
  }
  if (!leaf.key_usage_allows(0)) {
    r.problems.push_back("the signing certificate's key usage does not allow digital signatures");
    profile_ok = false;
  }
  bool eku_ok = false;
  for (const std::string& e : leaf.ext_key_usage) {
    eku_ok |= std::find(std::begin(kSignerEkus), std::end(kSignerEkus), e) != std::end(kSignerEkus);
  }
  if (!eku_ok) {
    r.notes.push_back(leaf.ext_key_usage.empty()
                          ? "the signing certificate has no extended key usage, which C2PA signers must have"
                          : "the signing certificate's extended key usage is not one C2PA accepts for signing");
  }

  // The path by names first: signatures only matter when it reaches an anchor (a chain that does not is untrusted
  // whatever its signatures say), and checking them costs most of the time of a validation.
  std::vector<const Certificate*> path{&leaf};
  const Certificate* cur = &leaf;
  const TrustAnchor* anchor = nullptr;
  for (size_t step = 0; step < kMaxPath && !anchor; ++step) {
    for (const TrustAnchor& a : anchors) {
      if (same(a.cert.der, cur->der)) {
        anchor = &a;
        break;
      }
    }
    if (anchor) break;
    for (const TrustAnchor& a : anchors) {
      if (same(a.cert.subject.der, cur->issuer.der)) {
        anchor = &a;
        path.push_back(&a.cert);
        break;
      }
    }
    if (anchor) break;
    const Certificate* next = nullptr;
    for (const Certificate& c : chain) {
      if (&c != cur && same(c.subject.der, cur->issuer.der)) {
        next = &c;
        break;
      }
    }
    if (!next) {
      if (cur->self_issued()) {
        r.complete = true;
      } else {
        r.notes.push_back("the certificate of the issuer \"" + cur->issuer.text + "\" is not included");
      }
      break;
    }
    if (!next->is_ca) {
      r.problems.push_back("the certificate \"" + next->subject.common_name + "\" issued another certificate but is not a CA");
      profile_ok = false;
    }
    if (std::find(path.begin(), path.end(), next) != path.end()) break;  // a loop
    path.push_back(next);
    cur = next;
  }
  if (anchor) {
    // Every link of the path to the anchor must be a valid signature.
    // (The anchor itself, last on the path, is trusted as it is.)
    for (size_t i = 0; i + 1 < path.size(); ++i) {
      Status st = verify_certificate_signature(*path[i], path[i + 1]->key);
      if (!st.is_ok()) {
        r.problems.push_back("the certificate \"" + path[i]->subject.common_name + "\" is not validly signed by \"" +
                             path[i + 1]->subject.common_name + "\": " + st.message());
        anchor = nullptr;
        break;
      }
    }
  }
  if (anchor) {
    r.complete = true;
    r.anchor = anchor->service;
    r.anchor_entity = anchor->entity;
  }
  for (size_t i = 0; i < path.size(); ++i) check_time(*path[i], when, i == 0, r);
  const bool times_ok = !std::any_of(path.begin(), path.end(),
                                     [&](const Certificate* c) { return when > c->not_after || when < c->not_before; });
  r.trusted = anchor && times_ok && profile_ok && eku_ok;
  if (!anchor && r.complete) {
    r.notes.push_back("the chain ends at \"" + path.back()->subject.text + "\", which is not on the C2PA Trust List");
  }
  return r;
}

}  // namespace dsmark::c2pa
