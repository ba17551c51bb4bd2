// Writes the seed corpora of the C2PA fuzz targets (tests/fuzz/corpus/fuzz_c2pa_*) from the test builders: real
// signed manifests in JPEG, PNG, MP4 and bare stores. Skipped unless DSMARK_WRITE_FUZZ_SEEDS is set:
//   DSMARK_WRITE_FUZZ_SEEDS=1 build/native/bin/dsmark_tests --gtest_filter=C2paFuzzSeeds.*
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "support/c2pa_builder.h"

namespace dsmark {
namespace {

using namespace test::c2pa;
using test::ByteVec;
using test::put;

void write(const std::string& target, const std::string& name, const ByteVec& bytes) {
  const auto dir = std::filesystem::path(DSMARK_SOURCE_DIR) / "tests/fuzz/corpus" / target;
  std::filesystem::create_directories(dir);
  std::ofstream(dir / name, std::ios::binary).write(reinterpret_cast<const char*>(bytes.data()), static_cast<long>(bytes.size()));
}

// A minimal MP4: ftyp, the C2PA uuid box (FullBox, "manifest", offset, store), moov with one stco, mdat.
ByteVec mp4_with(const ByteVec& store) {
  ByteVec f = box("ftyp", test::bytes("isom\0\0\0\1isom"));
  ByteVec uuid = test::bytes(std::string_view("\xD8\xFE\xC3\xD6\x1B\x0E\x48\x3C\x92\x97\x58\x28\x87\x7E\xC4\x81", 16));
  put(uuid, test::bytes(std::string_view("\0\0\0\0manifest\0\0\0\0\0\0\0\0\0", 21)));
  put(uuid, store);
  put(f, box("uuid", uuid));
  ByteVec stco = test::bytes(std::string_view("\0\0\0\0\0\0\0\1\0\0\0\x40", 12));
  put(f, box("moov", box("trak", box("mdia", box("minf", box("stbl", box("stco", stco)))))));
  put(f, box("mdat", ByteVec(64, 0x42)));
  return f;
}

TEST(C2paFuzzSeeds, Write) {
  if (!std::getenv("DSMARK_WRITE_FUZZ_SEEDS")) GTEST_SKIP() << "set DSMARK_WRITE_FUZZ_SEEDS=1 to rewrite the seeds";
  const Signer es = make_signer(Alg::kEs256), ed = make_signer(Alg::kEd25519);
  ManifestSpec ai;
  ai.assertions.push_back({"c2pa.actions.v2", actions_v2("c2pa.created", "http://cv.iptc.org/newscodes/digitalsourcetype/trainedAlgorithmicMedia", "model")});
  ai.assertions.push_back({"c2pa.hash.data", data_hash(2, 100, ByteVec(32, 7))});
  ManifestSpec v1 = ai;
  v1.claim_version = 1;
  v1.x5chain_unprotected = true;
  v1.alg = Alg::kEd25519;
  const ByteVec m1 = build_manifest(ai, es);
  ManifestSpec child;
  child.label = "urn:c2pa:child";
  child.assertions.push_back({"c2pa.ingredient.v3", cbor_map({kv("dc:title", cbor_text("parent.png")), kv("relationship", cbor_text("parentOf")),
                                                              kv("activeManifest", hashed_uri("self#jumbf=/c2pa/" + ai.label, sha256(payload_of(m1))))})});
  child.assertions.push_back({"c2pa.actions.v2", actions_v2("c2pa.opened", "")});
  const ByteVec store = build_store({m1});
  const ByteVec store_v1 = build_store({build_manifest(v1, ed)});
  const ByteVec store_two = build_store({m1, build_manifest(child, es)});

  for (const char* t : {"fuzz_c2pa_jumbf", "fuzz_c2pa_manifest"}) {
    write(t, "es256-v2.c2pa", store);
    write(t, "ed25519-v1.c2pa", store_v1);
    write(t, "ingredient.c2pa", store_two);
  }
  // CBOR: a claim (indefinite map), a COSE_Sign1, floats and simple values, an actions assertion.
  const std::string needle = "c2pa.claim.v2";
  write("fuzz_c2pa_cbor", "actions.cbor", actions_v2("c2pa.created", "trainedAlgorithmicMedia", "model"));
  write("fuzz_c2pa_cbor", "scalars.cbor", cbor_array({ByteVec{0xF9, 0x3C, 0x00}, ByteVec{0xFA, 0x40, 0x49, 0x0F, 0xDB},
                                                      ByteVec{0xFB, 0x3F, 0xF8, 0, 0, 0, 0, 0, 0}, cbor_bool(false), cbor_null(),
                                                      ByteVec{0xF7}, cbor_int(-70000), cbor_tag(1, cbor_uint(1700000000)),
                                                      ByteVec{0x7F, 0x61, 'a', 0x61, 'b', 0xFF}}));
  // The claim and the COSE signature of the ES256 store, cut out of its boxes.
  auto content_after = [&](const ByteVec& s, std::string_view label) {
    auto it = std::search(s.begin(), s.end(), label.begin(), label.end());
    const std::string cbor = "cbor";
    auto c = std::search(it, s.end(), cbor.begin(), cbor.end());
    const size_t at = static_cast<size_t>(c - s.begin());
    const size_t len = static_cast<size_t>(s[at - 4]) << 24 | static_cast<size_t>(s[at - 3]) << 16 |
                       static_cast<size_t>(s[at - 2]) << 8 | s[at - 1];
    return slice(s, at + 4, len - 8);
  };
  const ByteVec claim = content_after(store, "c2pa.claim.v2");
  const ByteVec cose = content_after(store, "c2pa.signature");
  write("fuzz_c2pa_cbor", "claim.cbor", claim);
  write("fuzz_c2pa_cbor", "cose.cbor", cose);
  write("fuzz_c2pa_cose", "es256.cose", cose);
  write("fuzz_c2pa_cose", "ed25519-v1.cose", content_after(store_v1, "c2pa.signature"));
  write("fuzz_c2pa_cose", "leaf.der", es.chain[0]);
  write("fuzz_c2pa_cose", "root.der", root_cert());
  // Files for the locators and bindings, and for the whole pipeline.
  const ByteVec jpeg = signed_jpeg(ai, es, 900);
  write("fuzz_c2pa_locate", "split-app11.jpg", jpeg);
  write("fuzz_c2pa_locate", "store.mp4", mp4_with(store));
  write("fuzz_verify", "c2pa-es256.jpg", jpeg);
  write("fuzz_verify", "c2pa-store.mp4", mp4_with(store));
  write("fuzz_verify", "c2pa-sidecar.c2pa", store_two);
  (void)needle;
}

}  // namespace
}  // namespace dsmark
