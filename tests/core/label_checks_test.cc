// GB 45438 label checks: several labels and disagreeing copies, Annex E characters, provider codes (the table and
// the coding rule), SecurityData (SM3, SM2 signatures made by OpenSSL at test time).
#include <gtest/gtest.h>

#include <array>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>
#include <unistd.h>

#include "crypto/sm2_verify.h"
#include "crypto/sm3.h"
#include "dsmark/dsmark.h"
#include "schemes/gb45438_label.h"
#include "schemes/tc260_provider.h"
#include "support/builders.h"

namespace dsmark {
namespace {

using test::ByteVec;

std::string label_json(const std::string& label, const std::string& producer, const std::string& rc1 = "") {
  nlohmann::json j = {{"Label", label}, {"ContentProducer", producer}, {"ProduceID", "p1"}, {"ReservedCode1", rc1},
                      {"ContentPropagator", ""}, {"PropagateID", ""}, {"ReservedCode2", ""}};
  // nlohmann sorts keys; the label's key order does not matter to the reader.
  return j.dump();
}

bool has_problem(const Mark& m, std::string_view needle) {
  for (const auto& p : m.problems) {
    if (p.find(needle) != std::string::npos) return true;
  }
  return false;
}

std::string hex(std::span<const uint8_t> b) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string s;
  for (uint8_t c : b) {
    s += kHex[c >> 4];
    s += kHex[c & 15];
  }
  return s;
}

TEST(LabelChecks, TwoIdenticalCopiesAreTwoLabels) {
  const std::string l = label_json("1", "001191110102MACQD9K64010000");
  const ByteVec f = test::png_file({test::png_itxt("XML:com.adobe.xmp", test::xmp_packet(test::tc260_element(l))),
                                    test::png_text("AIGC", l)});
  const Report r = verify(f, "two.png");
  ASSERT_EQ(r.marks.size(), 2u);
  for (const Mark& m : r.marks) {
    EXPECT_TRUE(has_problem(m, "holds 2 GB 45438 labels")) << m.problems.size();
    EXPECT_TRUE(has_problem(m, "§6.1 c)"));
    EXPECT_FALSE(has_problem(m, "disagrees"));
  }
}

TEST(LabelChecks, DisagreeingCopiesNameTheOtherCarrierAndTheFields) {
  const ByteVec f = test::png_file({test::png_text("AIGC", label_json("1", "a")), test::png_ztxt("AIGC", label_json("3", "b"))});
  const Report r = verify(f, "d.png");
  ASSERT_EQ(r.marks.size(), 2u);
  EXPECT_EQ(r.verdict, Verdict::kAi);
  EXPECT_TRUE(has_problem(r.marks[0], "disagrees with the one in png:zTXt:AIGC: Label \"1\" here, \"3\" there"))
      << r.marks[0].problems.back();
  EXPECT_TRUE(has_problem(r.marks[1], "disagrees with the one in png:tEXt:AIGC"));
}

TEST(LabelChecks, AnnexECharacters) {
  Mark m = parse_gb45438_label(label_json("1", "豆包 AI"), "c", Limits{});
  EXPECT_TRUE(has_problem(m, "ContentProducer holds characters outside GB 45438 Annex E j)")) << m.problems[0];
  EXPECT_TRUE(has_problem(m, "\"豆\""));
  EXPECT_TRUE(has_problem(m, "a space"));
  // Quotes inside SecurityData JSON are allowed (escaped in the label), a backslash is not.
  m = parse_gb45438_label(label_json("1", "x", R"({"SecurityData":{}})"), "c", Limits{});
  EXPECT_FALSE(has_problem(m, "Annex E"));
  m = parse_gb45438_label(label_json("1", "a\\b"), "c", Limits{});
  EXPECT_TRUE(has_problem(m, "Annex E"));
}

TEST(ProviderCodes, EveryTableCodeHasAValidCheckCharacter) {
  // The table's codes (see tc260_provider.cc for their sources).
  const char* codes[] = {"91110102MACQD9K640", "9144030008867405X2", "91440300708461136T", "9144030071526726XG",
                         "91440101MA9Y9T4H7A", "91330106MA2CFLDG4R", "91110108335469089C", "91110000802100433B",
                         "91110108MA01KP2T5U", "91110108MACC4D63XF", "91110105MACJ6K1C8A", "91340100MAEB4N8H76",
                         "91440300MA5G49LC9K", "91340000711771143J"};
  for (const char* c : codes) {
    EXPECT_TRUE(valid_credit_code(c)) << c;
    EXPECT_NE(provider_by_credit_code(c), nullptr) << c;
  }
  EXPECT_FALSE(valid_credit_code("91110102MACQD9K641"));
  EXPECT_FALSE(valid_credit_code("91110102MACQD9K6I0"));  // I is not in the alphabet
}

TEST(ProviderCodes, DecodeRealCodes) {
  std::vector<std::string> problems;
  Value v = describe_provider("00119144030008867405X220001", "ContentPropagator", problems);
  EXPECT_TRUE(problems.empty());
  EXPECT_EQ(v.find("credit_code")->as_string(), "9144030008867405X2");
  EXPECT_EQ(v.find("service")->as_string(), "propagation");
  EXPECT_EQ(v.find("product_code")->as_string(), "0001");
  EXPECT_EQ(v.find("provider")->as_string(), "Jimeng");
  EXPECT_EQ(v.find("organization")->as_string(), "ByteDance");
  v = describe_provider("001191110108335469089C10100", "ContentProducer", problems);
  EXPECT_EQ(v.find("provider")->as_string(), "Kling");
  // A code nobody published: decoded, not named.
  v = describe_provider("001191110102MAD55U9H0F10002", "ContentProducer", problems);
  EXPECT_TRUE(problems.empty());
  EXPECT_EQ(v.find("provider"), nullptr);
  EXPECT_TRUE(v.find("credit_code_valid")->as_bool());
}

TEST(ProviderCodes, MalformedCodesAndBareNames) {
  std::vector<std::string> problems;
  (void)describe_provider("0011911101020MACQD9K6401", "ContentProducer", problems);
  ASSERT_EQ(problems.size(), 1u);
  EXPECT_NE(problems[0].find("instead of 27"), std::string::npos);
  problems.clear();
  (void)describe_provider("001191110102MACQD9K64110000", "ContentProducer", problems);  // check character broken
  EXPECT_NE(problems.at(0).find("not a valid unified social credit code"), std::string::npos);
  problems.clear();
  (void)describe_provider("001191110108MA01KP2T5U00000", "ContentProducer", problems);  // service digit 0, as seen
  ASSERT_EQ(problems.size(), 1u);
  EXPECT_NE(problems[0].find("service type \"0\""), std::string::npos);
  problems.clear();
  for (const char* name : {"doubao", "Kling", "Minimax Agent AI", "豆包"}) {
    const Value v = describe_provider(name, "ContentProducer", problems);
    EXPECT_EQ(v.find("matched_by")->as_string(), "name") << name;
  }
  EXPECT_EQ(describe_provider("Some Studio", "ContentProducer", problems).find("provider"), nullptr);
  EXPECT_EQ(describe_provider("swan", "ContentProducer", problems).find("provider"), nullptr);  // "wan" is whole-word
  EXPECT_TRUE(problems.empty());
}

TEST(Sm3, StandardExamples) {
  const std::string abc = "abc";
  EXPECT_EQ(hex(Sm3::hash({reinterpret_cast<const uint8_t*>(abc.data()), abc.size()})),
            "66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0");
  std::string abcd;
  for (int i = 0; i < 16; ++i) abcd += "abcd";
  EXPECT_EQ(hex(Sm3::hash({reinterpret_cast<const uint8_t*>(abcd.data()), abcd.size()})),
            "debe9ff92275b8a138604889c18e5a4d6fdb70e5387e5765293dcba39c0c5732");
  // Incremental updates across block boundaries give the same digest.
  Sm3 h;
  for (char c : abcd) h.update({reinterpret_cast<const uint8_t*>(&c), 1});
  EXPECT_EQ(hex(h.finish()), "debe9ff92275b8a138604889c18e5a4d6fdb70e5387e5765293dcba39c0c5732");
}

// OpenSSL (the CLI, a real third-party implementation) makes the key and the signature; dsmark verifies them.
class Sm2WithOpenssl : public ::testing::Test {
 protected:
  void SetUp() override {
    if (std::system("openssl version > /dev/null 2>&1") != 0) GTEST_SKIP() << "the openssl command is not installed";
    dir_ = std::filesystem::temp_directory_path() / ("dsmark-sm2-" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir_);
    ASSERT_EQ(sh("openssl genpkey -algorithm SM2 -out key.pem"), 0);
  }
  void TearDown() override {
    if (!dir_.empty()) std::filesystem::remove_all(dir_);
  }
  int sh(const std::string& cmd) { return std::system(("cd '" + dir_.string() + "' && " + cmd + " > /dev/null 2>&1").c_str()); }
  std::string read_hex(const std::string& name) {
    std::ifstream in(dir_ / name, std::ios::binary);
    const ByteVec b((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    return hex(b);
  }
  std::string sign(const std::string& message) {
    std::ofstream(dir_ / "msg.txt", std::ios::binary) << message;
    EXPECT_EQ(sh("openssl pkeyutl -sign -rawin -digest sm3 -inkey key.pem -in msg.txt -pkeyopt distid:1234567812345678 -out sig.der"), 0);
    return read_hex("sig.der");
  }
  std::string public_key() {
    EXPECT_EQ(sh("openssl pkey -in key.pem -pubout -outform DER -out pub.der"), 0);
    return read_hex("pub.der");
  }
  std::filesystem::path dir_;
};

TEST_F(Sm2WithOpenssl, SecurityDataSignatureVerifiesAndDetectsChanges) {
  const std::string producer = "001191110102MACQD9K64010000";
  const std::string message = "\"Label\":\"1\",\"ContentProducer\":\"" + producer + "\",\"ProduceID\":\"p1\"";
  const nlohmann::json sd = {{"SecurityData",
                              {{"Type", "TC260PG"}, {"Version", 1},
                               {"PubSD", {{{"Type", "DS"}, {"AlgID", "1.2.156.10197.1.501"}, {"Signature", sign(message)}},
                                          {{"Type", "PubKey"}, {"KeyValue", public_key()}}}}}}};
  Mark m = parse_gb45438_label(label_json("1", producer, sd.dump()), "c", Limits{});
  const Value* rc = m.fields.find("reserved_code1");
  ASSERT_NE(rc, nullptr);
  EXPECT_EQ(rc->find("algorithm")->as_string(), "SM3withSM2");
  EXPECT_EQ(rc->find("signature")->as_string(), "valid");
  EXPECT_EQ(rc->find("signed_fields")->as_string(), "Label,ContentProducer,ProduceID");
  EXPECT_TRUE(m.problems.empty()) << m.problems[0];
  // Label changed from 1 to 3 after signing: the signature no longer verifies.
  m = parse_gb45438_label(label_json("3", producer, sd.dump()), "c", Limits{});
  EXPECT_EQ(m.fields.find("reserved_code1")->find("signature")->as_string(), "invalid");
  EXPECT_TRUE(has_problem(m, "does not verify"));
}

TEST_F(Sm2WithOpenssl, RawVerifierAgreesWithOpenssl) {
  const std::string pub = public_key();
  for (const std::string msg : {std::string("abc"), std::string(1000, 'x'), std::string()}) {
    const std::string sig = sign(msg);
    ASSERT_EQ(sh("openssl pkeyutl -verify -rawin -digest sm3 -inkey key.pem -in msg.txt -sigfile sig.der -pkeyopt distid:1234567812345678"), 0);
    auto bin = [](const std::string& h) {
      ByteVec b;
      for (size_t i = 0; i + 1 < h.size(); i += 2) b.push_back(static_cast<uint8_t>(std::stoi(h.substr(i, 2), nullptr, 16)));
      return b;
    };
    const ByteVec k = bin(pub), s = bin(sig);
    const auto m = std::span<const uint8_t>(reinterpret_cast<const uint8_t*>(msg.data()), msg.size());
    EXPECT_EQ(sm2_verify(k, s, m), Sm2Result::kValid) << msg.size();
    std::string other = msg + "!";
    EXPECT_EQ(sm2_verify(k, s, {reinterpret_cast<const uint8_t*>(other.data()), other.size()}), Sm2Result::kInvalid);
    EXPECT_EQ(sm2_verify(k, s, m, "another-user-id"), Sm2Result::kInvalid);
  }
  EXPECT_EQ(sm2_verify(ByteVec{1, 2, 3}, ByteVec{0x30, 0}, {}), Sm2Result::kBadKey);
}

TEST(SecurityData, BareSignatureAndBrokenJson) {
  Mark m = parse_gb45438_label(
      label_json("1", "MiniMax", "3045022033db164e70579ab2f23ff4a1a41482ca44fbb710a1558f1245870f5a2f0e329102210090c01fab9a3cfe620c866bef2a3e78c3d1a7e55bce58cdad9ad4498f94d6805e"),
      "c", Limits{});
  EXPECT_EQ(m.fields.find("reserved_code1")->find("form")->as_string(), "signature");
  EXPECT_EQ(m.fields.find("reserved_code1")->find("signature")->as_string(), "not-checked");
  m = parse_gb45438_label(label_json("1", "x", R"({"SecurityData":{"Type":"TC260PG",)"), "c", Limits{});
  EXPECT_TRUE(has_problem(m, "SecurityData that is not valid JSON"));
  // Opaque tokens (UUIDs, base64 hashes) are left alone.
  m = parse_gb45438_label(label_json("1", "x", "ac8fa693-b43a-40d6-9eaa-88107faf9991"), "c", Limits{});
  EXPECT_EQ(m.fields.find("reserved_code1"), nullptr);
}

}  // namespace
}  // namespace dsmark
