// Golden reports: the full JSON report of every C2PA fixture in ../shared/fixtures, compared with the reviewed copy
// in tests/golden/c2pa/. After an intended change run scripts/update-goldens.sh and review the diff.
// Certificates are checked as of 2026-11-01 so the reports do not change with the calendar.
#include <gtest/gtest.h>

#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "analysis/analysis.h"
#include "dsmark/dsmark.h"
#include "schemes/c2pa_manifest.h"

namespace dsmark {
namespace {

using Json = nlohmann::ordered_json;
namespace fs = std::filesystem;

constexpr int64_t kGoldenTime = 1793491200;  // 2026-11-01T00:00:00Z

const char* const kFixtures[] = {
    "c2pa-rs/C.jpg",        "c2pa-rs/CA.jpg",        "c2pa-rs/CACA.jpg",      "c2pa-rs/E-sig-CA.jpg",
    "c2pa-rs/XCA.jpg",      "c2pa-rs/boxhash.jpg",   "c2pa-rs/cloud.jpg",     "c2pa-rs/no_manifest.jpg",
    "c2pa-rs/libpng-test.png", "c2pa-rs/libpng-test_with_url.png", "c2pa-rs/manifest_data.c2pa",
    "c2pa-rs/sample1.webp", "c2pa-rs/test_xmp.webp", "vendors/chatgpt.png", "c2pa-rs/video1.mp4",
    "c2pa-rs/dashinit.mp4",
};

fs::path fixtures() { return fs::path(DSMARK_SHARED_DIR) / "fixtures"; }
fs::path golden_dir() { return fs::path(DSMARK_SOURCE_DIR) / "tests/golden/c2pa"; }

std::vector<uint8_t> read(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  return std::vector<uint8_t>(std::istreambuf_iterator<char>(in), {});
}

std::string golden_name(std::string_view fixture) {
  std::string s(fixture);
  for (char& c : s) {
    if (c == '/') c = '_';
  }
  return s + ".json";
}

void compare_or_update(const std::string& fixture, const std::string& report_json) {
  const fs::path g = golden_dir() / golden_name(fixture);
  const Json actual = Json::parse(report_json);
  if (std::getenv("DSMARK_UPDATE_GOLDENS")) {
    fs::create_directories(golden_dir());
    std::ofstream(g) << actual.dump(2, ' ', false, Json::error_handler_t::replace) << "\n";
    return;
  }
  ASSERT_TRUE(fs::exists(g)) << g << " is missing: run scripts/update-goldens.sh";
  std::ifstream in(g);
  const Json expected = Json::parse(in, nullptr, false);
  ASSERT_FALSE(expected.is_discarded()) << g << " is not JSON";
  EXPECT_EQ(actual, expected) << fixture << " differs from " << g << "\nactual:\n" << actual.dump(2)
                              << "\n(review, then run scripts/update-goldens.sh)";
}

TEST(C2paGolden, ReportsMatchTheReviewedCopies) {
  if (!fs::exists(fixtures())) GTEST_SKIP() << "../shared/fixtures is absent: " << fixtures();
  VerifyOptions o;
  o.reference_time = kGoldenTime;
  o.detectors = false;
  for (const char* f : kFixtures) {
    SCOPED_TRACE(f);
    const auto bytes = read(fixtures() / f);
    compare_or_update(f, report_to_json(verify(bytes, f, o)));
  }
}

}  // namespace
}  // namespace dsmark
