#include "schemes/gb45438_label.h"

#include <gtest/gtest.h>

#include <algorithm>

#include "support/builders.h"

namespace dsmark {
namespace {

Mark parse(std::string_view json) { return parse_gb45438_label(json, "test", Limits{}); }

bool has_problem(const Mark& m, std::string_view needle) {
  return std::any_of(m.problems.begin(), m.problems.end(),
                     [&](const std::string& p) { return p.find(needle) != std::string::npos; });
}

TEST(Gb45438Label, BareFormAllSevenKeys) {
  Mark m = parse(test::kLabel1);
  EXPECT_EQ(m.scheme, "gb45438");
  EXPECT_EQ(m.kind, MarkKind::kImplicitMetadata);
  EXPECT_EQ(m.claim, Claim::kAi);
  EXPECT_TRUE(m.problems.empty()) << m.problems[0];
  ASSERT_NE(m.fields.find("ContentProducer"), nullptr);
  EXPECT_EQ(m.fields.find("ContentProducer")->as_string(), "001191110102MACQD9K64010000");
  EXPECT_EQ(m.fields.size(), 8u);  // the seven keys, then the decoded provider code
  EXPECT_EQ(m.fields.as_object()[0].first, "Label");  // canonical order
  EXPECT_EQ(m.fields.as_object()[7].first, "producer");
}

TEST(Gb45438Label, LabelValuesMapToClaims) {
  EXPECT_EQ(parse(R"({"AIGC":{"Label":"2"}})").claim, Claim::kPossiblyAi);
  EXPECT_EQ(parse(R"({"Label":"3"})").claim, Claim::kSuspectedAi);
  Mark four = parse(R"({"Label":"4"})");
  EXPECT_EQ(four.claim, Claim::kUnknown);
  EXPECT_TRUE(has_problem(four, "must be 1, 2 or 3"));
  Mark aigc = parse(R"({"Label":"AIGC"})");
  EXPECT_EQ(aigc.claim, Claim::kAi);
  EXPECT_TRUE(has_problem(aigc, "instead of 1, 2 or 3"));
  Mark number = parse(R"({"Label":1})");
  EXPECT_EQ(number.claim, Claim::kAi);
  EXPECT_TRUE(has_problem(number, "Label should be a string"));
}

TEST(Gb45438Label, WrappedForm) {
  Mark m = parse(std::string(R"({"AIGC":)") + std::string(test::kLabel1) + "}");
  EXPECT_EQ(m.claim, Claim::kAi);
  EXPECT_TRUE(m.problems.empty());
  EXPECT_EQ(m.fields.size(), 8u);  // with "producer"
}

TEST(Gb45438Label, MissingAndMisspelledKeys) {
  Mark m = parse(R"({"label":"1","ContentProduce":"x","Extra":"y"})");
  EXPECT_EQ(m.claim, Claim::kAi);
  EXPECT_TRUE(has_problem(m, "\"label\" should be written \"Label\""));
  EXPECT_TRUE(has_problem(m, "\"ContentProduce\" should be written \"ContentProducer\""));
  EXPECT_TRUE(has_problem(m, "unexpected key \"Extra\""));
  EXPECT_TRUE(has_problem(m, "missing key ProduceID"));
  EXPECT_TRUE(has_problem(m, "missing key ReservedCode2"));
}

TEST(Gb45438Label, BrokenJsonStillSaysWhatItCan) {
  Mark m = parse(R"({"Label":"1","ContentProducer":"001191)");
  EXPECT_TRUE(has_problem(m, "not valid JSON"));
  EXPECT_EQ(m.claim, Claim::kAi);
  Mark none = parse("not json at all");
  EXPECT_EQ(none.claim, Claim::kUnknown);
  EXPECT_TRUE(has_problem(none, "not valid JSON"));
  EXPECT_TRUE(has_problem(parse("[1,2]"), "not an object"));
  EXPECT_TRUE(has_problem(parse(R"({"AIGC":5})"), "not a JSON object"));
}

TEST(Gb45438Label, DoubleEncoded) {
  Mark m = parse(R"("{\"Label\":\"1\"}")");
  EXPECT_EQ(m.claim, Claim::kAi);
  EXPECT_TRUE(has_problem(m, "encoded twice"));
}

TEST(Gb45438Label, HostileJson) {
  std::string deep(100000, '[');
  EXPECT_EQ(parse(deep).claim, Claim::kUnknown);
  Limits small;
  small.max_json_bytes = 16;
  Mark big = parse_gb45438_label(test::kLabel1, "x", small);
  EXPECT_TRUE(has_problem(big, "more than dsmark reads"));
  std::string nested = R"({"AIGC":)";
  for (int i = 0; i < 5000; ++i) nested += R"({"a":)";
  EXPECT_EQ(parse(nested).claim, Claim::kUnknown);
}

}  // namespace
}  // namespace dsmark

namespace dsmark {
namespace {
TEST(Gb45438Label, DeepButValidJsonIsNotALabel) {
  const std::string deep = std::string(200000, '[') + std::string(200000, ']');
  Mark m = parse_gb45438_label(deep, "x", Limits{});
  EXPECT_EQ(m.claim, Claim::kUnknown);
  EXPECT_TRUE(has_problem(m, "not an object"));
}
}  // namespace
}  // namespace dsmark
