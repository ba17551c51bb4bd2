// Writers for C2PA test files: CBOR, JUMBF boxes, X.509 certificates and COSE_Sign1 claim signatures made with real
// keys (ECDSA P-256/384/521 and RSA-PSS through mbedTLS, Ed25519 through libsodium), manifest stores with data and
// box hashes, and the JPEG/PNG/WebP containers that carry them. Keys come from a seeded DRBG, so every test run
// builds the same files.
#pragma once

#include <mbedtls/bignum.h>
#include <mbedtls/ctr_drbg.h>
#include <mbedtls/ecdsa.h>
#include <mbedtls/ecp.h>
#include <mbedtls/rsa.h>
#include <mbedtls/sha256.h>
#include <mbedtls/sha512.h>
#include <sodium.h>

#include <array>
#include <cstdint>
#include <cstring>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "support/builders.h"

namespace dsmark::test::c2pa {

// ---------------------------------------------------------------- CBOR
inline ByteVec cbor_head(uint8_t major, uint64_t v) {
  ByteVec b;
  const uint8_t m = static_cast<uint8_t>(major << 5);
  if (v < 24) {
    b.push_back(static_cast<uint8_t>(m | v));
  } else if (v <= 0xFF) {
    b = {static_cast<uint8_t>(m | 24), static_cast<uint8_t>(v)};
  } else if (v <= 0xFFFF) {
    b = {static_cast<uint8_t>(m | 25), static_cast<uint8_t>(v >> 8), static_cast<uint8_t>(v)};
  } else if (v <= 0xFFFFFFFFu) {
    b.push_back(static_cast<uint8_t>(m | 26));
    put_u32be(b, static_cast<uint32_t>(v));
  } else {
    b.push_back(static_cast<uint8_t>(m | 27));
    put_u32be(b, static_cast<uint32_t>(v >> 32));
    put_u32be(b, static_cast<uint32_t>(v));
  }
  return b;
}
inline ByteVec cbor_uint(uint64_t v) { return cbor_head(0, v); }
// Always five bytes, so a value can be patched in later without moving anything.
inline ByteVec cbor_uint32_fixed(uint32_t v) {
  ByteVec b{0x1A};
  put_u32be(b, v);
  return b;
}
inline ByteVec cbor_int(int64_t v) { return v >= 0 ? cbor_head(0, static_cast<uint64_t>(v)) : cbor_head(1, static_cast<uint64_t>(-1 - v)); }
inline ByteVec cbor_text(std::string_view s) {
  ByteVec b = cbor_head(3, s.size());
  put(b, s);
  return b;
}
inline ByteVec cbor_bytes(const ByteVec& d) {
  ByteVec b = cbor_head(2, d.size());
  put(b, d);
  return b;
}
inline ByteVec cbor_null() { return {0xF6}; }
inline ByteVec cbor_bool(bool v) { return {static_cast<uint8_t>(v ? 0xF5 : 0xF4)}; }
inline ByteVec cbor_array(const std::vector<ByteVec>& items) {
  ByteVec b = cbor_head(4, items.size());
  for (const ByteVec& i : items) put(b, i);
  return b;
}
using Entry = std::pair<ByteVec, ByteVec>;
inline Entry kv(std::string_view k, ByteVec v) { return {cbor_text(k), std::move(v)}; }
inline Entry kv(int64_t k, ByteVec v) { return {cbor_int(k), std::move(v)}; }
inline ByteVec cbor_map(const std::vector<Entry>& entries, bool indefinite = false) {
  ByteVec b = indefinite ? ByteVec{0xBF} : cbor_head(5, entries.size());
  for (const auto& [k, v] : entries) {
    put(b, k);
    put(b, v);
  }
  if (indefinite) b.push_back(0xFF);
  return b;
}
inline ByteVec cbor_tag(uint64_t tag, const ByteVec& v) {
  ByteVec b = cbor_head(6, tag);
  put(b, v);
  return b;
}

// ---------------------------------------------------------------- hashes
inline ByteVec sha(int bits, const ByteVec& d) {
  ByteVec out(bits == 256 ? 32 : bits == 384 ? 48 : 64);
  if (bits == 256) {
    mbedtls_sha256_ret(d.data(), d.size(), out.data(), 0);
  } else {
    uint8_t full[64];
    mbedtls_sha512_ret(d.data(), d.size(), full, bits == 384 ? 1 : 0);
    std::memcpy(out.data(), full, out.size());
  }
  return out;
}
inline ByteVec sha256(const ByteVec& d) { return sha(256, d); }
inline ByteVec slice(const ByteVec& d, size_t at, size_t n) { return ByteVec(d.begin() + at, d.begin() + at + n); }

// ---------------------------------------------------------------- JUMBF
inline ByteVec box(std::string_view type, const ByteVec& payload) {
  ByteVec b;
  put_u32be(b, static_cast<uint32_t>(payload.size() + 8));
  put(b, type);
  put(b, payload);
  return b;
}
// A superbox of C2PA type `type4` ("c2pa", "c2ma", "c2as", "c2cl", "c2cs", "cbor", "json", …) labelled `label`.
inline ByteVec superbox(std::string_view type4, std::string_view label, const std::vector<ByteVec>& contents) {
  ByteVec jumd;
  put(jumd, type4);
  put(jumd, std::string_view("\x00\x11\x00\x10\x80\x00\x00\xAA\x00\x38\x9B\x71", 12));
  jumd.push_back(0x03);  // requestable, label present
  put(jumd, label);
  jumd.push_back(0);
  ByteVec payload = box("jumd", jumd);
  for (const ByteVec& c : contents) put(payload, c);
  return box("jumb", payload);
}
inline ByteVec cbor_assertion(std::string_view label, const ByteVec& cbor) { return superbox("cbor", label, {box("cbor", cbor)}); }
// The payload of a box (what hashed URIs hash).
inline ByteVec payload_of(const ByteVec& b) { return ByteVec(b.begin() + 8, b.end()); }

// ---------------------------------------------------------------- DER
inline ByteVec der(uint8_t tag, const ByteVec& content) {
  ByteVec b{tag};
  const size_t n = content.size();
  if (n < 0x80) {
    b.push_back(static_cast<uint8_t>(n));
  } else if (n <= 0xFF) {
    b.push_back(0x81);
    b.push_back(static_cast<uint8_t>(n));
  } else {
    b.push_back(0x82);
    b.push_back(static_cast<uint8_t>(n >> 8));
    b.push_back(static_cast<uint8_t>(n));
  }
  put(b, content);
  return b;
}
inline ByteVec der_seq(const std::vector<ByteVec>& items) {
  ByteVec c;
  for (const ByteVec& i : items) put(c, i);
  return der(0x30, c);
}
inline ByteVec der_set(const std::vector<ByteVec>& items) {
  ByteVec c;
  for (const ByteVec& i : items) put(c, i);
  return der(0x31, c);
}
inline ByteVec der_oid(std::string_view dotted) {
  std::vector<uint64_t> arcs;
  uint64_t cur = 0;
  for (char ch : dotted) {
    if (ch == '.') {
      arcs.push_back(cur);
      cur = 0;
    } else {
      cur = cur * 10 + static_cast<uint64_t>(ch - '0');
    }
  }
  arcs.push_back(cur);
  ByteVec c;
  auto base128 = [&](uint64_t v) {
    uint8_t tmp[10];
    int n = 0;
    do {
      tmp[n++] = static_cast<uint8_t>(v & 0x7F);
      v >>= 7;
    } while (v);
    while (n--) c.push_back(static_cast<uint8_t>(tmp[n] | (n ? 0x80 : 0)));
  };
  base128(arcs[0] * 40 + arcs[1]);
  for (size_t i = 2; i < arcs.size(); ++i) base128(arcs[i]);
  return der(0x06, c);
}
inline ByteVec der_uint(ByteVec magnitude) {
  while (magnitude.size() > 1 && magnitude[0] == 0) magnitude.erase(magnitude.begin());
  if (magnitude.empty()) magnitude.push_back(0);
  if (magnitude[0] & 0x80) magnitude.insert(magnitude.begin(), 0);
  return der(0x02, magnitude);
}
inline ByteVec der_small(uint32_t v) {
  ByteVec m;
  put_u32be(m, v);
  return der_uint(m);
}
inline ByteVec der_bits(const ByteVec& d) {
  ByteVec c{0};
  put(c, d);
  return der(0x03, c);
}
inline ByteVec der_utf8(std::string_view s) { return der(0x0C, bytes(s)); }
inline ByteVec der_generalized_time(int64_t t) {
  // YYYYMMDDHHMMSSZ from seconds since 1970 (days_from_civil inverse, as in core/src/c2pa/der.cc).
  int64_t days = t / 86400, rem = t % 86400;
  days += 719468;
  const int64_t era = days / 146097;
  const unsigned doe = static_cast<unsigned>(days - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  int64_t y = yoe + era * 400;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  const unsigned d = doy - (153 * mp + 2) / 5 + 1;
  const unsigned m = mp < 10 ? mp + 3 : mp - 9;
  y += m <= 2;
  char buf[32];
  std::snprintf(buf, sizeof buf, "%04d%02u%02u%02d%02d%02dZ", static_cast<int>(y), m, d, static_cast<int>(rem / 3600),
                static_cast<int>(rem / 60 % 60), static_cast<int>(rem % 60));
  return der(0x18, bytes(buf));
}

// ---------------------------------------------------------------- keys
enum class Alg { kEs256, kEs384, kEs512, kPs256, kPs384, kPs512, kEd25519 };

inline int64_t cose_alg(Alg a) {
  switch (a) {
    case Alg::kEs256: return -7;
    case Alg::kEs384: return -35;
    case Alg::kEs512: return -36;
    case Alg::kPs256: return -37;
    case Alg::kPs384: return -38;
    case Alg::kPs512: return -39;
    case Alg::kEd25519: return -8;
  }
  return 0;
}
inline int hash_bits(Alg a) {
  return a == Alg::kEs384 || a == Alg::kPs384 ? 384 : a == Alg::kEs512 || a == Alg::kPs512 ? 512 : 256;
}

// A deterministic DRBG: fixed "entropy", so keys and signatures are the same on every run.
inline mbedtls_ctr_drbg_context& drbg() {
  static mbedtls_ctr_drbg_context ctx;
  static bool ready = [] {
    mbedtls_ctr_drbg_init(&ctx);
    auto entropy = [](void*, unsigned char* out, size_t n) {
      static uint32_t counter = 0;
      for (size_t i = 0; i < n; ++i) out[i] = static_cast<unsigned char>(0x5A ^ (counter++ * 131));
      return 0;
    };
    const char* pers = "dsmark c2pa tests";
    return mbedtls_ctr_drbg_seed(&ctx, entropy, nullptr, reinterpret_cast<const unsigned char*>(pers), 17) == 0;
  }();
  (void)ready;
  return ctx;
}

class Key {
 public:
  explicit Key(Alg alg) : alg_(alg) {
    if (alg == Alg::kEd25519) {
      uint8_t seed[32];
      mbedtls_ctr_drbg_random(&drbg(), seed, 32);
      ed_pk_.resize(32);
      ed_sk_.resize(64);
      crypto_sign_ed25519_seed_keypair(ed_pk_.data(), ed_sk_.data(), seed);
    } else if (alg == Alg::kPs256 || alg == Alg::kPs384 || alg == Alg::kPs512) {
      rsa_ = std::make_unique<mbedtls_rsa_context>();
      mbedtls_rsa_init(rsa_.get(), MBEDTLS_RSA_PKCS_V15, 0);
      mbedtls_rsa_gen_key(rsa_.get(), mbedtls_ctr_drbg_random, &drbg(), 2048, 65537);
    } else {
      ec_ = std::make_unique<mbedtls_ecdsa_context>();
      mbedtls_ecdsa_init(ec_.get());
      const mbedtls_ecp_group_id g = alg == Alg::kEs256 ? MBEDTLS_ECP_DP_SECP256R1
                                     : alg == Alg::kEs384 ? MBEDTLS_ECP_DP_SECP384R1
                                                          : MBEDTLS_ECP_DP_SECP521R1;
      mbedtls_ecdsa_genkey(ec_.get(), g, mbedtls_ctr_drbg_random, &drbg());
    }
  }
  ~Key() {
    if (rsa_) mbedtls_rsa_free(rsa_.get());
    if (ec_) mbedtls_ecdsa_free(ec_.get());
  }
  Alg alg() const { return alg_; }

  ByteVec spki() const {
    if (alg_ == Alg::kEd25519) return der_seq({der_seq({der_oid("1.3.101.112")}), der_bits(ed_pk_)});
    if (rsa_) {
      ByteVec n(mbedtls_rsa_get_len(rsa_.get())), e(4);
      mbedtls_rsa_export_raw(rsa_.get(), n.data(), n.size(), nullptr, 0, nullptr, 0, nullptr, 0, e.data(), e.size());
      return der_seq({der_seq({der_oid("1.2.840.113549.1.1.1"), der(0x05, {})}), der_bits(der_seq({der_uint(n), der_uint(e)}))});
    }
    ByteVec point(200);
    size_t len = 0;
    mbedtls_ecp_point_write_binary(&ec_->grp, &ec_->Q, MBEDTLS_ECP_PF_UNCOMPRESSED, &len, point.data(), point.size());
    point.resize(len);
    const char* curve = alg_ == Alg::kEs256 ? "1.2.840.10045.3.1.7" : alg_ == Alg::kEs384 ? "1.3.132.0.34" : "1.3.132.0.35";
    return der_seq({der_seq({der_oid("1.2.840.10045.2.1"), der_oid(curve)}), der_bits(point)});
  }

  // The AlgorithmIdentifier this key signs certificates with.
  ByteVec cert_sig_alg() const {
    if (alg_ == Alg::kEd25519) return der_seq({der_oid("1.3.101.112")});
    if (rsa_) return der_seq({der_oid("1.2.840.113549.1.1.11"), der(0x05, {})});  // sha256WithRSAEncryption
    const char* oid = alg_ == Alg::kEs256 ? "1.2.840.10045.4.3.2" : alg_ == Alg::kEs384 ? "1.2.840.10045.4.3.3" : "1.2.840.10045.4.3.4";
    return der_seq({der_oid(oid)});
  }

  // A signature as X.509 wants it (ECDSA DER, RSA PKCS#1 v1.5 with SHA-256, Ed25519).
  ByteVec sign_cert(const ByteVec& tbs) const { return sign(tbs, true); }
  // A signature as COSE wants it (ECDSA r||s, RSA-PSS, Ed25519).
  ByteVec sign_cose(const ByteVec& msg) const { return sign(msg, false); }

 private:
  ByteVec sign(const ByteVec& msg, bool x509) const {
    if (alg_ == Alg::kEd25519) {
      ByteVec sig(64);
      crypto_sign_ed25519_detached(sig.data(), nullptr, msg.data(), msg.size(), ed_sk_.data());
      return sig;
    }
    const int bits = x509 ? (rsa_ ? 256 : hash_bits(alg_)) : hash_bits(alg_);
    const ByteVec h = sha(bits, msg);
    const mbedtls_md_type_t md = bits == 256 ? MBEDTLS_MD_SHA256 : bits == 384 ? MBEDTLS_MD_SHA384 : MBEDTLS_MD_SHA512;
    if (rsa_) {
      ByteVec sig(mbedtls_rsa_get_len(rsa_.get()));
      if (x509) {
        mbedtls_rsa_set_padding(rsa_.get(), MBEDTLS_RSA_PKCS_V15, 0);
        mbedtls_rsa_rsassa_pkcs1_v15_sign(rsa_.get(), mbedtls_ctr_drbg_random, &drbg(), MBEDTLS_RSA_PRIVATE, md,
                                          static_cast<unsigned>(h.size()), h.data(), sig.data());
      } else {
        mbedtls_rsa_set_padding(rsa_.get(), MBEDTLS_RSA_PKCS_V21, md);
        mbedtls_rsa_rsassa_pss_sign(rsa_.get(), mbedtls_ctr_drbg_random, &drbg(), MBEDTLS_RSA_PRIVATE, md,
                                    static_cast<unsigned>(h.size()), h.data(), sig.data());
      }
      return sig;
    }
    mbedtls_mpi r, s;
    mbedtls_mpi_init(&r);
    mbedtls_mpi_init(&s);
    mbedtls_ecdsa_sign(&ec_->grp, &r, &s, &ec_->d, h.data(), h.size(), mbedtls_ctr_drbg_random, &drbg());
    const size_t field = (ec_->grp.pbits + 7) / 8;
    ByteVec rb(field), sb(field);
    mbedtls_mpi_write_binary(&r, rb.data(), field);
    mbedtls_mpi_write_binary(&s, sb.data(), field);
    mbedtls_mpi_free(&r);
    mbedtls_mpi_free(&s);
    if (x509) return der_seq({der_uint(rb), der_uint(sb)});
    ByteVec sig = rb;
    put(sig, sb);
    return sig;
  }

  Alg alg_;
  ByteVec ed_pk_, ed_sk_;
  std::unique_ptr<mbedtls_rsa_context> rsa_;
  std::unique_ptr<mbedtls_ecdsa_context> ec_;
};

// One key per algorithm for the whole test run (RSA key generation is slow).
inline const Key& key_for(Alg alg, int slot = 0) {
  static std::map<std::pair<int, int>, std::unique_ptr<Key>> keys;
  auto& k = keys[{static_cast<int>(alg), slot}];
  if (!k) k = std::make_unique<Key>(alg);
  return *k;
}

// ---------------------------------------------------------------- certificates
struct CertSpec {
  std::string cn, org;
  bool ca = false;
  std::vector<std::string> ekus = {"1.3.6.1.5.5.7.3.4"};  // emailProtection, as C2PA signers use
  int64_t not_before = 1700000000;                         // 2023-11-14
  int64_t not_after = 2000000000;                          // 2033-05-18
  uint32_t serial = 1;
};

inline ByteVec name_der(const std::string& cn, const std::string& org) {
  std::vector<ByteVec> rdns;
  if (!org.empty()) rdns.push_back(der_set({der_seq({der_oid("2.5.4.10"), der_utf8(org)})}));
  rdns.push_back(der_set({der_seq({der_oid("2.5.4.3"), der_utf8(cn)})}));
  return der_seq(rdns);
}

// A certificate for `subject_key`, signed by `issuer_key` (itself for a self-signed root).
inline ByteVec make_cert(const CertSpec& spec, const Key& subject_key, const CertSpec& issuer, const Key& issuer_key) {
  std::vector<ByteVec> exts;
  exts.push_back(der_seq({der_oid("2.5.29.19"), der(0x01, {0xFF}),
                          der(0x04, spec.ca ? der_seq({der(0x01, {0xFF})}) : der_seq({}))}));
  exts.push_back(der_seq({der_oid("2.5.29.15"), der(0x01, {0xFF}),
                          der(0x04, der(0x03, spec.ca ? ByteVec{0x01, 0x06} : ByteVec{0x07, 0x80}))}));
  if (!spec.ca && !spec.ekus.empty()) {
    std::vector<ByteVec> oids;
    for (const std::string& e : spec.ekus) oids.push_back(der_oid(e));
    exts.push_back(der_seq({der_oid("2.5.29.37"), der(0x04, der_seq(oids))}));
  }
  const ByteVec tbs = der_seq({
      der(0xA0, der_small(2)),
      der_small(spec.serial),
      issuer_key.cert_sig_alg(),
      name_der(issuer.cn, issuer.org),
      der_seq({der_generalized_time(spec.not_before), der_generalized_time(spec.not_after)}),
      name_der(spec.cn, spec.org),
      subject_key.spki(),
      der(0xA3, der_seq(exts)),
  });
  return der_seq({tbs, issuer_key.cert_sig_alg(), der_bits(issuer_key.sign_cert(tbs))});
}

// A signer: its key and its x5chain (signer first).
struct Signer {
  const Key* key;
  std::vector<ByteVec> chain;
};

// signer ← intermediate ← root, with the signer's key of algorithm `alg`.
inline Signer make_signer(Alg alg, const std::string& org = "dsmark test signer", CertSpec leaf = {}) {
  const Key& root_key = key_for(Alg::kEs384, 100);
  const Key& ica_key = key_for(Alg::kEs256, 101);
  CertSpec root{"dsmark Test Root", "dsmark tests", true, {}, 1600000000, 2100000000, 1};
  CertSpec ica{"dsmark Test Issuing CA", "dsmark tests", true, {}, 1600000000, 2100000000, 2};
  if (leaf.cn.empty()) leaf.cn = "dsmark signer " + std::to_string(static_cast<int>(alg));
  if (leaf.org.empty()) leaf.org = org;
  leaf.serial = 10 + static_cast<uint32_t>(alg);
  const Key& k = key_for(alg);
  return {&k, {make_cert(leaf, k, ica, ica_key), make_cert(ica, ica_key, root, root_key)}};
}
inline ByteVec root_cert() {
  const Key& root_key = key_for(Alg::kEs384, 100);
  CertSpec root{"dsmark Test Root", "dsmark tests", true, {}, 1600000000, 2100000000, 1};
  return make_cert(root, root_key, root, root_key);
}

// ---------------------------------------------------------------- manifests
struct AssertionSpec {
  std::string label;
  ByteVec cbor;
};

struct ManifestSpec {
  std::string label = "urn:c2pa:00000000-0000-4000-8000-000000000001";
  int claim_version = 2;
  std::string generator = "dsmark tests";
  std::vector<AssertionSpec> assertions;
  Alg alg = Alg::kEs256;
  bool x5chain_unprotected = false;
  bool corrupt_signature = false;
  std::string title = "test.jpg";
  std::string claim_alg = "sha256";
};

inline ByteVec actions_v2(const std::string& action, const std::string& source_type, const std::string& agent = "") {
  std::vector<Entry> a{kv("action", cbor_text(action))};
  if (!source_type.empty()) a.push_back(kv("digitalSourceType", cbor_text(source_type)));
  if (!agent.empty()) a.push_back(kv("softwareAgent", cbor_map({kv("name", cbor_text(agent))})));
  return cbor_map({kv("actions", cbor_array({cbor_map(a)}))});
}

inline ByteVec hashed_uri(const std::string& url, const ByteVec& hash) {
  return cbor_map({kv("url", cbor_text(url)), kv("hash", cbor_bytes(hash))});
}

// Builds one manifest superbox; `signer` signs the claim.
inline ByteVec build_manifest(const ManifestSpec& spec, const Signer& signer) {
  std::vector<ByteVec> boxes;
  std::vector<ByteVec> refs;
  for (const AssertionSpec& a : spec.assertions) {
    ByteVec b = cbor_assertion(a.label, a.cbor);
    refs.push_back(hashed_uri("self#jumbf=c2pa.assertions/" + a.label, sha256(payload_of(b))));
    boxes.push_back(std::move(b));
  }
  ByteVec assertion_store = superbox("c2as", "c2pa.assertions", boxes);
  std::vector<Entry> claim;
  if (spec.claim_version == 2) {
    claim = {kv("instanceID", cbor_text("xmp:iid:test")),
             kv("claim_generator_info", cbor_map({kv("name", cbor_text(spec.generator))})),
             kv("signature", cbor_text("self#jumbf=/c2pa/" + spec.label + "/c2pa.signature")),
             kv("created_assertions", cbor_array(refs)), kv("dc:title", cbor_text(spec.title)),
             kv("alg", cbor_text(spec.claim_alg))};
  } else {
    claim = {kv("dc:title", cbor_text(spec.title)), kv("dc:format", cbor_text("image/jpeg")),
             kv("instanceID", cbor_text("xmp:iid:test")), kv("claim_generator", cbor_text(spec.generator)),
             kv("signature", cbor_text("self#jumbf=c2pa.signature")), kv("assertions", cbor_array(refs)),
             kv("alg", cbor_text(spec.claim_alg))};
  }
  const ByteVec claim_cbor = cbor_map(claim, /*indefinite=*/true);  // as real writers do
  std::vector<ByteVec> chain;
  for (const ByteVec& c : signer.chain) chain.push_back(cbor_bytes(c));
  std::vector<Entry> prot{kv(1, cbor_int(cose_alg(spec.alg)))};
  std::vector<Entry> unprot;
  if (spec.x5chain_unprotected) {
    unprot.push_back(kv("x5chain", cbor_array(chain)));
  } else {
    prot.push_back(kv(33, cbor_array(chain)));
  }
  const ByteVec prot_bytes = cbor_map(prot);
  ByteVec tbs = cbor_array({cbor_text("Signature1"), cbor_bytes(prot_bytes), cbor_bytes({}), cbor_bytes(claim_cbor)});
  ByteVec sig = signer.key->sign_cose(tbs);
  if (spec.corrupt_signature) sig[sig.size() / 2] ^= 0x01;
  const ByteVec cose = cbor_tag(18, cbor_array({cbor_bytes(prot_bytes), cbor_map(unprot), cbor_null(), cbor_bytes(sig)}));
  return superbox("c2ma", spec.label,
                  {assertion_store, superbox("c2cl", spec.claim_version == 2 ? "c2pa.claim.v2" : "c2pa.claim", {box("cbor", claim_cbor)}),
                   superbox("c2cs", "c2pa.signature", {box("cbor", cose)})});
}

inline ByteVec build_store(const std::vector<ByteVec>& manifests) { return superbox("c2pa", "c2pa", manifests); }

// A data hash assertion with fixed-width numbers, so its size does not depend on the values.
inline ByteVec data_hash(uint32_t start, uint32_t length, const ByteVec& hash) {
  return cbor_map({kv("exclusions", cbor_array({cbor_map({kv("start", cbor_uint32_fixed(start)), kv("length", cbor_uint32_fixed(length))})})),
                   kv("name", cbor_text("jumbf manifest")), kv("alg", cbor_text("sha256")), kv("hash", cbor_bytes(hash)),
                   kv("pad", cbor_bytes(ByteVec(8, 0)))});
}

// ---------------------------------------------------------------- containers
// JPEG APP11 segments carrying `store` (JPEG XT: CI "JP", En, Z; later segments repeat the 8-byte box header).
inline ByteVec jpeg_app11_segments(const ByteVec& store, size_t chunk = 65000, uint16_t en = 0x0211) {
  ByteVec out;
  uint32_t z = 1;
  for (size_t at = 0; at < store.size(); at += chunk, ++z) {
    ByteVec seg;
    put(seg, "JP");
    put_u16be(seg, en);
    put_u32be(seg, z);
    if (at > 0) put(seg, slice(store, 0, 8));
    put(seg, slice(store, at, std::min(chunk, store.size() - at)));
    out.push_back(0xFF);
    out.push_back(0xEB);
    put_u16be(out, static_cast<uint32_t>(seg.size() + 2));
    put(out, seg);
  }
  return out;
}

// A small baseline JPEG body (after SOI): APP0, DQT, SOF0, DHT, SOS with entropy data, EOI. Decoders need not
// accept it; the C2PA code only walks its segments.
inline ByteVec jpeg_body() {
  ByteVec b;
  auto seg = [&](uint8_t m, const ByteVec& d) {
    b.push_back(0xFF);
    b.push_back(m);
    put_u16be(b, static_cast<uint32_t>(d.size() + 2));
    put(b, d);
  };
  seg(0xE0, bytes(std::string_view("JFIF\0\1\1\0\0\1\0\1\0\0", 14)));
  seg(0xDB, ByteVec(65, 1));
  seg(0xC0, bytes(std::string_view("\x08\x00\x10\x00\x10\x01\x01\x11\x00", 9)));
  seg(0xC4, ByteVec(20, 0));
  seg(0xDA, bytes(std::string_view("\x01\x01\x00\x00\x3F\x00", 6)));
  for (int i = 0; i < 300; ++i) b.push_back(static_cast<uint8_t>(i * 7 == 0xFF ? 0 : (i * 7) & 0xFE));
  b.push_back(0xFF);
  b.push_back(0xD9);
  return b;
}

// A JPEG whose C2PA store (one manifest, `spec`, plus a data hash over the file) sits right after SOI, signed by
// `signer`. `chunk` splits the store over several APP11 segments.
inline ByteVec signed_jpeg(ManifestSpec spec, const Signer& signer, size_t chunk = 65000) {
  const ByteVec body = jpeg_body();
  auto assemble = [&](uint32_t length, const ByteVec& hash) {
    ManifestSpec s = spec;
    s.assertions.push_back({"c2pa.hash.data", data_hash(2, length, hash)});
    return build_store({build_manifest(s, signer)});
  };
  const ByteVec probe = assemble(0, ByteVec(32, 0));
  const uint32_t length = static_cast<uint32_t>(jpeg_app11_segments(probe, chunk).size());
  ByteVec without{0xFF, 0xD8};
  put(without, body);
  const ByteVec store = assemble(length, sha256(without));
  ByteVec f{0xFF, 0xD8};
  put(f, jpeg_app11_segments(store, chunk));
  put(f, body);
  return f;
}

}  // namespace dsmark::test::c2pa
