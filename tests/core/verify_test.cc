// verify() end to end: the report for labelled, unlabelled, broken and hostile files.
#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "dsmark/dsmark.h"
#include "support/alloc_tracker.h"
#include "support/builders.h"

namespace dsmark {
namespace {

using test::ByteVec;

const std::string kXmpLabel1 = test::xmp_packet(test::tc260_element(test::kLabel1));

std::vector<ByteVec> labelled_files(const std::string& xmp) {
  return {
      test::png_file({test::png_itxt("XML:com.adobe.xmp", xmp)}),
      test::jpeg_file({test::jpeg_app1_xmp(xmp)}),
      test::webp_file({test::riff_chunk("XMP ", test::bytes(xmp))}),
  };
}

TEST(Verify, LabelInEachImageContainer) {
  const char* carriers[] = {"png:iTXt:XML:com.adobe.xmp/TC260:AIGC", "jpeg:APP1:xmp/TC260:AIGC",
                            "webp:XMP/TC260:AIGC"};
  const char* formats[] = {"png", "jpeg", "webp"};
  auto files = labelled_files(kXmpLabel1);
  for (size_t i = 0; i < files.size(); ++i) {
    Report r = verify(files[i], "f");
    EXPECT_EQ(format_name(r.format), formats[i]);
    EXPECT_EQ(r.media, Media::kImage);
    EXPECT_EQ(r.verdict, Verdict::kAi);
    ASSERT_EQ(r.marks.size(), 1u);
    EXPECT_EQ(r.marks[0].carrier, carriers[i]);
    EXPECT_TRUE(r.marks[0].problems.empty());
    EXPECT_TRUE(r.warnings.empty()) << r.warnings[0];
    EXPECT_FALSE(r.error.has_value());
  }
}

TEST(Verify, VerdictIsTheStrongestClaim) {
  const std::string two = test::xmp_packet(test::tc260_element(R"({"Label":"3"})"));
  ByteVec file = test::png_file(
      {test::png_itxt("XML:com.adobe.xmp", two), test::png_text("AIGC", R"({"Label":"2"})")});
  Report r = verify(file, "f");
  EXPECT_EQ(r.verdict, Verdict::kPossiblyAi);
  EXPECT_EQ(r.marks.size(), 2u);
}

TEST(Verify, NoLabelMeansNone) {
  Report r = verify(test::png_file({test::png_text("Software", "GIMP")}), "plain.png");
  EXPECT_EQ(r.verdict, Verdict::kNone);
  EXPECT_TRUE(r.marks.empty());
  EXPECT_FALSE(r.error.has_value());
}

TEST(Verify, EmptyUnknownAndOversizedInputsAreErrors) {
  Report empty = verify({}, "e");
  EXPECT_EQ(empty.verdict, Verdict::kError);
  EXPECT_EQ(empty.error->code, "empty");
  ByteVec junk = {0x00, 0x01, 0x02, 0x03, 0x04, 0x05};
  Report unknown = verify(junk, "u");
  EXPECT_EQ(unknown.verdict, Verdict::kError);
  EXPECT_EQ(unknown.error->code, "unsupported");
  VerifyOptions small;
  small.limits.max_input_bytes = 4;
  Report big = verify(junk, "b", small);
  EXPECT_EQ(big.error->code, "limit");
}

// Every prefix of a labelled file gives either the label or an error report; never a crash, never a bogus mark.
TEST(Verify, TruncatedAtEveryOffset) {
  for (const ByteVec& file : labelled_files(kXmpLabel1)) {
    for (size_t cut = 0; cut < file.size(); ++cut) {
      Report r = verify(std::span(file.data(), cut), "t");
      if (r.verdict == Verdict::kError) {
        ASSERT_TRUE(r.error.has_value());
        EXPECT_FALSE(r.error->message.empty());
        EXPECT_TRUE(r.marks.empty());
      } else if (r.format == Format::kText) {
        EXPECT_EQ(r.verdict, Verdict::kNone);  // a short prefix like "RIF" is a text file
      } else if (r.verdict != Verdict::kAi) {
        // The cut went through the label itself: the damaged label is reported with its problems.
        ASSERT_EQ(r.marks.size(), 1u) << format_name(r.format) << " cut " << cut;
        EXPECT_FALSE(r.marks[0].problems.empty());
        EXPECT_EQ(r.marks[0].claim, Claim::kUnknown);
      } else {
        EXPECT_FALSE(r.warnings.empty()) << "a partial report says it is partial";
      }
      auto j = nlohmann::json::parse(report_to_json(r), nullptr, false);
      ASSERT_FALSE(j.is_discarded());
    }
  }
}

TEST(Verify, AttributeWrappedBrokenAndUnrelatedLabels) {
  const std::string attr = test::xmp_packet("", test::tc260_attribute(test::kLabel1));
  Report a = verify(test::jpeg_file({test::jpeg_app1_xmp(attr)}), "a");
  EXPECT_EQ(a.verdict, Verdict::kAi);
  const std::string wrapped = test::xmp_packet(test::tc260_element(R"({"AIGC":{"Label":"2"}})"));
  Report w = verify(test::jpeg_file({test::jpeg_app1_xmp(wrapped)}), "w");
  EXPECT_EQ(w.verdict, Verdict::kPossiblyAi);
  const std::string broken = test::xmp_packet(test::tc260_element(R"({"Label":"1",)"));
  Report b = verify(test::jpeg_file({test::jpeg_app1_xmp(broken)}), "b");
  ASSERT_EQ(b.marks.size(), 1u);
  EXPECT_FALSE(b.marks[0].problems.empty());
  // A property named AIGC in another namespace, or a text that mentions AIGC, is not a label.
  const std::string other =
      "<x:xmpmeta xmlns:x='adobe:ns:meta/'><rdf:RDF xmlns:rdf='http://www.w3.org/1999/02/22-rdf-syntax-ns#'>"
      "<rdf:Description xmlns:foo='http://example.com/ns/'><foo:AIGC>{\"Label\":\"1\"}</foo:AIGC>"
      "<foo:Note>AIGC label</foo:Note></rdf:Description></rdf:RDF></x:xmpmeta>";
  Report o = verify(test::png_file({test::png_itxt("XML:com.adobe.xmp", other),
                                    test::png_text("Comment", "this article is about AIGC")}),
                    "o");
  EXPECT_EQ(o.verdict, Verdict::kNone);
  EXPECT_TRUE(o.marks.empty());
}

TEST(Verify, ReportJsonHasTheSpecShape) {
  Report r = verify(labelled_files(kXmpLabel1)[0], "photo.png");
  auto j = nlohmann::ordered_json::parse(report_to_json(r));
  std::vector<std::string> keys;
  for (auto it = j.begin(); it != j.end(); ++it) keys.push_back(it.key());
  EXPECT_EQ(keys, (std::vector<std::string>{"schema", "file", "format", "media", "verdict", "marks", "warnings",
                                            "error"}));
  EXPECT_EQ(j["schema"], "dsmark.report.v1");
  EXPECT_EQ(j["file"], "photo.png");
  EXPECT_TRUE(j["error"].is_null());
  auto& m = j["marks"][0];
  EXPECT_EQ(m["scheme"], "gb45438");
  EXPECT_EQ(m["kind"], "implicit-metadata");
  EXPECT_EQ(m["claim"], "ai");
  EXPECT_EQ(m["confidence"], 1.0);
  EXPECT_EQ(m["fields"]["Label"], "1");
  EXPECT_TRUE(m["problems"].is_array());
  Report e = error_report("x", "io", "the file could not be opened");
  auto je = nlohmann::json::parse(report_to_json(e));
  EXPECT_EQ(je["verdict"], "error");
  EXPECT_EQ(je["error"]["code"], "io");
  EXPECT_EQ(je["error"]["message"], "The file could not be opened.");
}

TEST(Verify, InvalidUtf8InMetadataIsReplacedNotFatal) {
  ByteVec file = test::png_file({test::png_itxt("AIGC", "{\"Label\":\"1\",\"ProduceID\":\"\xFF\xFE\"}")});
  Report r = verify(file, "bad-utf8.png");
  auto j = nlohmann::json::parse(report_to_json(r), nullptr, false);
  ASSERT_FALSE(j.is_discarded());
  EXPECT_EQ(j["verdict"], "ai");
}

// Real files from other tools, when ../shared/fixtures is present (CI has it).
std::filesystem::path shared_fixtures() { return std::filesystem::path(DSMARK_SHARED_DIR) / "fixtures"; }

ByteVec read_file(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  return ByteVec(std::istreambuf_iterator<char>(in), {});
}

TEST(VerifyFixtures, DoubaoLabel) {
  const auto path = shared_fixtures() / "vendors/doubao_black.png";
  if (!std::filesystem::exists(path)) GTEST_SKIP() << "../shared/fixtures is absent: " << path;
  Report r = verify(read_file(path), "doubao_black.png");
  EXPECT_EQ(r.verdict, Verdict::kAi);
  ASSERT_FALSE(r.marks.empty());
  EXPECT_EQ(r.marks[0].carrier, "png:iTXt:XML:com.adobe.xmp/TC260:AIGC");
  EXPECT_EQ(r.marks[0].fields.find("ContentProducer")->as_string(), "001191110102MACQD9K64010000");
}

TEST(VerifyFixtures, HostileFilesFailFastWithinLimits) {
  const auto dir = shared_fixtures() / "hostile";
  if (!std::filesystem::exists(dir)) GTEST_SKIP() << "../shared/fixtures is absent: " << dir;
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    ByteVec bytes = read_file(entry.path());
    test::AllocTracker tracker;
    const auto start = std::chrono::steady_clock::now();
    Report r = verify(bytes, entry.path().filename().string());
    const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - start);
    EXPECT_LT(ms.count(), 5000) << entry.path();  // generous: a hang shows as minutes, not milliseconds
    EXPECT_LT(tracker.largest(), 64u << 20) << entry.path();
    EXPECT_NE(r.verdict, Verdict::kAi) << entry.path();
    auto j = nlohmann::json::parse(report_to_json(r), nullptr, false);
    EXPECT_FALSE(j.is_discarded());
  }
}

}  // namespace
}  // namespace dsmark
