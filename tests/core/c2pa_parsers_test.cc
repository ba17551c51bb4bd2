// The C2PA building blocks on their own: CBOR, JUMBF, X.509 and the bundled trust list, certificate paths.
#include <gtest/gtest.h>

#include "c2pa/cbor.h"
#include "c2pa/der.h"
#include "c2pa/hard_binding.h"
#include "c2pa/jumbf.h"
#include "container/walkers.h"
#include "c2pa/trust.h"
#include "c2pa/x509.h"
#include "support/c2pa_builder.h"

namespace dsmark {
namespace {

using namespace test::c2pa;
using test::ByteVec;
using test::put;

// ---------------------------------------------------------------- CBOR
TEST(C2paCbor, DefiniteAndIndefiniteContainersAndStrings) {
  ByteVec doc = cbor_map({kv("a", cbor_uint(1)), kv(-3, cbor_text("x")), kv("list", cbor_array({cbor_int(-500), cbor_null()}))}, true);
  auto v = c2pa::decode_cbor(doc);
  ASSERT_TRUE(v) << v.status().message();
  ASSERT_TRUE(v->is_map());
  int64_t n = 0;
  EXPECT_TRUE(v->find("a")->as_int64(n));
  EXPECT_EQ(n, 1);
  EXPECT_EQ(v->find(int64_t{-3})->text(), "x");
  ASSERT_TRUE(v->find("list")->is_array());
  EXPECT_TRUE(v->find("list")->at(0).as_int64(n));
  EXPECT_EQ(n, -500);
  EXPECT_TRUE(v->find("list")->at(1).is_null());
  // Indefinite-length text: chunks joined.
  const ByteVec chunks{0x7F, 0x62, 'a', 'b', 0x61, 'c', 0xFF};
  auto t = c2pa::decode_cbor(chunks);
  ASSERT_TRUE(t);
  EXPECT_EQ(t->text(), "abc");
  // Chunks of another type are malformed.
  EXPECT_FALSE(c2pa::decode_cbor(ByteVec{0x7F, 0x41, 'a', 0xFF}));
}

TEST(C2paCbor, TagsFloatsAndSimpleValues) {
  auto tag = c2pa::decode_cbor(cbor_tag(18, cbor_array({cbor_bool(true)})));
  ASSERT_TRUE(tag);
  EXPECT_TRUE(tag->is_tag());
  EXPECT_EQ(tag->raw_uint(), 18u);
  EXPECT_TRUE(tag->untagged().is_array());
  EXPECT_TRUE(tag->untagged().at(0).as_bool());
  auto half = c2pa::decode_cbor(ByteVec{0xF9, 0x3C, 0x00});  // 1.0
  ASSERT_TRUE(half);
  EXPECT_DOUBLE_EQ(half->as_double(), 1.0);
  auto single = c2pa::decode_cbor(ByteVec{0xFA, 0x40, 0x49, 0x0F, 0xDB});  // pi as float
  ASSERT_TRUE(single);
  EXPECT_NEAR(single->as_double(), 3.14159265, 1e-6);
  auto dbl = c2pa::decode_cbor(ByteVec{0xFB, 0x3F, 0xF8, 0, 0, 0, 0, 0, 0});  // 1.5
  ASSERT_TRUE(dbl);
  EXPECT_DOUBLE_EQ(dbl->as_double(), 1.5);
  auto neg_half = c2pa::decode_cbor(ByteVec{0xF9, 0xC4, 0x00});  // -4.0
  ASSERT_TRUE(neg_half);
  EXPECT_DOUBLE_EQ(neg_half->as_double(), -4.0);
  EXPECT_TRUE(c2pa::decode_cbor(ByteVec{0xF7})->is_null());  // undefined
}

TEST(C2paCbor, HostileInputFailsCleanly) {
  // A map claiming 2^32 pairs in 5 bytes: refused without allocating.
  EXPECT_FALSE(c2pa::decode_cbor(ByteVec{0xBA, 0xFF, 0xFF, 0xFF, 0xFF}));
  // A string longer than the data.
  EXPECT_FALSE(c2pa::decode_cbor(ByteVec{0x5A, 0x00, 0x10, 0x00, 0x00, 1, 2}));
  // 10,000 nested arrays: the depth limit, not the stack, stops it.
  ByteVec deep(10000, 0x81);
  deep.push_back(0x00);
  auto d = c2pa::decode_cbor(deep);
  ASSERT_FALSE(d);
  EXPECT_EQ(d.status().code(), StatusCode::kLimit);
  // Reserved additional information, a stray break, trailing bytes, an unterminated indefinite array.
  EXPECT_FALSE(c2pa::decode_cbor(ByteVec{0x1C}));
  EXPECT_FALSE(c2pa::decode_cbor(ByteVec{0xFF}));
  EXPECT_FALSE(c2pa::decode_cbor(ByteVec{0x01, 0x02}));
  EXPECT_FALSE(c2pa::decode_cbor(ByteVec{0x9F, 0x01}));
  // An indefinite map with a key and no value.
  EXPECT_FALSE(c2pa::decode_cbor(ByteVec{0xBF, 0x01, 0xFF}));
}

// ---------------------------------------------------------------- JUMBF
TEST(C2paJumbf, ReadsSuperboxesLabelsAndContent) {
  const ByteVec store = superbox("c2pa", "c2pa", {superbox("c2ma", "urn:test", {cbor_assertion("c2pa.actions", cbor_map({}))})});
  EXPECT_TRUE(c2pa::looks_like_c2pa_store(store));
  uint32_t boxes = 0;
  auto root = c2pa::parse_jumbf(store, Limits{}, boxes);
  ASSERT_TRUE(root) << root.status().message();
  EXPECT_EQ(root->type, "c2pa");
  EXPECT_EQ(root->label, "c2pa");
  ASSERT_EQ(root->children.size(), 1u);
  EXPECT_EQ(root->children[0].type, "c2ma");
  const c2pa::JumbfSuperbox& a = root->children[0].children[0];
  EXPECT_EQ(a.label, "c2pa.actions");
  ASSERT_EQ(a.contents.size(), 1u);
  EXPECT_EQ(a.contents[0].type, "cbor");
  EXPECT_EQ(a.payload.size(), a.box.size() - 8);
}

TEST(C2paJumbf, SizesAreCheckedBeforeUse) {
  // LBox smaller than the header (the c2pa-rs #2200 underflow), LBox past the end, XLBox smaller than 16.
  ByteVec tiny{0, 0, 0, 4, 'j', 'u', 'm', 'b'};
  ByteVec past{0, 0, 1, 0, 'j', 'u', 'm', 'b', 0, 0};
  ByteVec xl{0, 0, 0, 1, 'j', 'u', 'm', 'b', 0, 0, 0, 0, 0, 0, 0, 8};
  uint32_t boxes = 0;
  EXPECT_EQ(c2pa::parse_jumbf(tiny, Limits{}, boxes).status().code(), StatusCode::kMalformed);
  EXPECT_EQ(c2pa::parse_jumbf(past, Limits{}, boxes).status().code(), StatusCode::kTruncated);
  EXPECT_EQ(c2pa::parse_jumbf(xl, Limits{}, boxes).status().code(), StatusCode::kMalformed);
  // A superbox without a description box.
  EXPECT_FALSE(c2pa::parse_jumbf(box("jumb", box("cbor", {1})), Limits{}, boxes));
}

TEST(C2paJumbf, NestingDepthAndBoxCountAreBounded) {
  ByteVec nested = superbox("c2pa", "leaf", {});
  for (int i = 0; i < 100; ++i) nested = superbox("c2pa", "n", {nested});
  uint32_t boxes = 0;
  auto r = c2pa::parse_jumbf(nested, Limits{}, boxes);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.status().code(), StatusCode::kLimit);
  std::vector<ByteVec> many(300, box("cbor", {}));
  Limits small;
  small.max_boxes = 100;
  boxes = 0;
  EXPECT_EQ(c2pa::parse_jumbf(superbox("c2pa", "c2pa", many), small, boxes).status().code(), StatusCode::kLimit);
}

// ---------------------------------------------------------------- walker layouts (what c2pa.hash.boxes names)
std::string names_of(const Inventory& inv) {
  std::string s;
  for (const LayoutUnit& u : inv.layout) s += u.name + " ";
  return s;
}

void expect_tiles(const Inventory& inv, size_t file_size) {
  uint64_t at = 0;
  for (const LayoutUnit& u : inv.layout) {
    EXPECT_EQ(u.offset, at) << u.name;
    at = u.offset + u.length;
  }
  EXPECT_EQ(at, file_size);
}

TEST(C2paLayout, WalkersRecordEveryTopLevelUnit) {
  ByteVec jpeg{0xFF, 0xD8};
  put(jpeg, jpeg_app11_segments(superbox("c2pa", "c2pa", {box("cbor", ByteVec(100, 1))}), 60));
  put(jpeg, jpeg_body());
  Inventory j{Limits{}};
  ASSERT_TRUE(walk_jpeg(jpeg, j).is_ok());
  EXPECT_EQ(names_of(j), "SOI APP11 APP11 APP11 APP0 DQT SOF0 DHT SOS EOI ");
  expect_tiles(j, jpeg.size());
  const ByteVec png = test::png_file({test::png_text("a", "b")});
  Inventory p{Limits{}};
  ASSERT_TRUE(walk_png(png, p).is_ok());
  EXPECT_EQ(names_of(p), "signature IHDR tEXt IDAT IEND ");
  expect_tiles(p, png.size());
  const ByteVec webp = test::webp_file({test::riff_chunk("XMP ", test::bytes("<x/>")), test::riff_chunk("C2PA", ByteVec(3, 0))});
  Inventory w{Limits{}};
  ASSERT_TRUE(walk_webp(webp, w).is_ok());
  EXPECT_EQ(names_of(w).substr(0, 10), "RIFF VP8X ");
  expect_tiles(w, webp.size());
  // C2PA's names for the JPEG: the two APP11 segments of the store become one "C2PA" unit.
  const auto boxes = c2pa::c2pa_box_map(Format::kJpeg, jpeg, j.layout);
  std::string names;
  for (const auto& b : boxes) names += b.name + " ";
  EXPECT_EQ(names, "SOI C2PA APP0 DQT SOF0 DHT SOS EOI ");
}

// ---------------------------------------------------------------- X.509 and trust
TEST(C2paTrust, EveryBundledAnchorParsesAndRootsVerify) {
  const auto& anchors = c2pa::c2pa_trust_anchors();
  EXPECT_EQ(anchors.size(), 29u);
  EXPECT_EQ(c2pa::c2pa_trust_list_date(), "2026-08-05");
  size_t roots = 0, issued = 0;
  for (const auto& a : anchors) {
    EXPECT_FALSE(a.entity.empty());
    EXPECT_FALSE(a.service.empty());
    EXPECT_TRUE(a.cert.is_ca) << a.service;
    EXPECT_TRUE(a.cert.signature_supported) << a.service << " " << a.cert.signature_algorithm_oid;
    if (a.cert.self_issued()) {
      EXPECT_TRUE(c2pa::verify_certificate_signature(a.cert, a.cert.key).is_ok()) << a.service;
      ++roots;
    } else {
      for (const auto& b : anchors) {
        if (b.cert.subject.der.size() == a.cert.issuer.der.size() &&
            std::equal(b.cert.subject.der.begin(), b.cert.subject.der.end(), a.cert.issuer.der.begin())) {
          EXPECT_TRUE(c2pa::verify_certificate_signature(a.cert, b.cert.key).is_ok()) << a.service;
          ++issued;
        }
      }
    }
  }
  // RSA PKCS#1 (SHA-256/384), ECDSA P-256/P-384/P-521 roots, and intermediates signed by them.
  EXPECT_GE(roots, 15u);
  EXPECT_GE(issued, 10u);
}

TEST(C2paTrust, AlteredCertificateSignatureFails) {
  const auto& root = c2pa::c2pa_trust_anchors().front();
  for (const auto& a : c2pa::c2pa_trust_anchors()) {
    if (!a.cert.self_issued()) continue;
    ByteVec der(a.cert.der.begin(), a.cert.der.end());
    der[der.size() / 3] ^= 0x20;  // inside the TBSCertificate
    auto altered = c2pa::parse_certificate(der);
    if (!altered) continue;  // flipped a structural byte: that is a failure too
    EXPECT_FALSE(c2pa::verify_certificate_signature(*altered, altered->key).is_ok()) << a.service;
  }
  (void)root;
}

std::vector<c2pa::Certificate> parse_chain(const std::vector<ByteVec>& ders, std::vector<ByteVec>& keep) {
  keep = ders;
  std::vector<c2pa::Certificate> out;
  for (const ByteVec& d : keep) out.push_back(*c2pa::parse_certificate(d));
  return out;
}

TEST(C2paTrust, ChainToAnAnchorIsTrustedOnlyWhenEverythingHolds) {
  Signer s = make_signer(Alg::kEs256);
  const ByteVec root = root_cert();
  auto root_cert_parsed = c2pa::parse_certificate(root);
  ASSERT_TRUE(root_cert_parsed);
  const std::vector<c2pa::TrustAnchor> anchors{{"dsmark tests", "dsmark Test Root", *root_cert_parsed}};
  std::vector<ByteVec> keep;
  auto chain = parse_chain(s.chain, keep);
  ASSERT_EQ(chain[0].subject.organization, "dsmark test signer");
  const int64_t when = 1800000000;  // 2027
  auto r = c2pa::evaluate_chain(chain, when, anchors);
  EXPECT_TRUE(r.trusted);
  EXPECT_TRUE(r.complete);
  EXPECT_EQ(r.anchor, "dsmark Test Root");
  EXPECT_TRUE(r.problems.empty());
  // The real list does not know this root: complete but untrusted, with the reason.
  auto real = c2pa::evaluate_chain(chain, when);
  EXPECT_FALSE(real.trusted);
  ASSERT_FALSE(real.notes.empty());
  // After the signer's certificate expired: not trusted, and said plainly.
  auto late = c2pa::evaluate_chain(chain, 2050000000, anchors);
  EXPECT_FALSE(late.trusted);
  EXPECT_TRUE(late.leaf_expired);
  ASSERT_FALSE(late.problems.empty());
  EXPECT_NE(late.problems[0].find("expired on 2033-05-18"), std::string::npos) << late.problems[0];
  // Without the intermediate the path cannot be built.
  std::vector<c2pa::Certificate> leaf_only{chain[0]};
  EXPECT_FALSE(c2pa::evaluate_chain(leaf_only, when, anchors).trusted);
  // A certificate that names the anchor as its issuer but was signed by another key: not trusted, and said.
  CertSpec root_name{"dsmark Test Root", "dsmark tests", true, {}, 1600000000, 2100000000, 1};
  CertSpec forged_leaf{"forged signer", "forger", false};
  const ByteVec forged = make_cert(forged_leaf, key_for(Alg::kEs256, 7), root_name, key_for(Alg::kEs384, 200));
  auto forged_chain = parse_chain({forged}, keep);
  auto f = c2pa::evaluate_chain(forged_chain, when, anchors);
  EXPECT_FALSE(f.trusted);
  ASSERT_FALSE(f.problems.empty());
  EXPECT_NE(f.problems[0].find("is not validly signed by \"dsmark Test Root\""), std::string::npos) << f.problems[0];
  // A signer without a C2PA extended key usage is not trusted.
  CertSpec no_eku;
  no_eku.ekus = {"1.3.6.1.5.5.7.3.1"};  // serverAuth
  Signer web = make_signer(Alg::kEs256, "web server", no_eku);
  auto web_chain = parse_chain(web.chain, keep);
  auto w = c2pa::evaluate_chain(web_chain, when, anchors);
  EXPECT_FALSE(w.trusted);
  EXPECT_TRUE(w.complete);
}

TEST(C2paX509, ReadsNamesValidityKeysAndExtensions) {
  Signer s = make_signer(Alg::kEd25519, "Example AI Lab");
  auto leaf = c2pa::parse_certificate(s.chain[0]);
  ASSERT_TRUE(leaf) << leaf.status().message();
  EXPECT_EQ(leaf->subject.organization, "Example AI Lab");
  EXPECT_EQ(leaf->issuer.common_name, "dsmark Test Issuing CA");
  EXPECT_EQ(leaf->key.kind, c2pa::PublicKey::Kind::kEd25519);
  EXPECT_EQ(leaf->key_algorithm, "Ed25519");
  EXPECT_FALSE(leaf->is_ca);
  EXPECT_TRUE(leaf->key_usage_allows(0));
  ASSERT_EQ(leaf->ext_key_usage.size(), 1u);
  EXPECT_EQ(leaf->ext_key_usage[0], "1.3.6.1.5.5.7.3.4");
  EXPECT_EQ(c2pa::iso8601(leaf->not_before), "2023-11-14T22:13:20Z");
  auto ica = c2pa::parse_certificate(s.chain[1]);
  ASSERT_TRUE(ica);
  EXPECT_TRUE(ica->is_ca);
  EXPECT_TRUE(c2pa::verify_certificate_signature(*leaf, ica->key).is_ok());
  EXPECT_FALSE(c2pa::verify_certificate_signature(*ica, ica->key).is_ok());
  // Truncated and garbled certificates fail with a reason, never crash.
  for (size_t n : {size_t{0}, size_t{10}, s.chain[0].size() / 2, s.chain[0].size() - 1}) {
    EXPECT_FALSE(c2pa::parse_certificate(ByteVec(s.chain[0].begin(), s.chain[0].begin() + n)));
  }
}

}  // namespace
}  // namespace dsmark
