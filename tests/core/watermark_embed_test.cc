// The embedding entry point: payload parsing, output formats by name, and plain refusals.
#include "dsmark/watermark.h"

#include <gtest/gtest.h>

#include "support/builders.h"

namespace dsmark {
namespace {

TEST(PayloadFromHex, ParsesAndRefuses) {
  auto p = payload_from_hex("0x00ff10Ab");
  ASSERT_TRUE(p.is_ok());
  EXPECT_EQ(*p, (std::vector<uint8_t>{0x00, 0xFF, 0x10, 0xAB}));
  EXPECT_TRUE(payload_from_hex("").is_ok());
  EXPECT_EQ(payload_from_hex("abc").status().code(), StatusCode::kMalformed);
  EXPECT_EQ(payload_from_hex("zz").status().code(), StatusCode::kMalformed);
  EXPECT_EQ(payload_from_hex("12 34").status().code(), StatusCode::kMalformed);
}

TEST(OutputFormatForName, ByExtension) {
  EXPECT_EQ(output_format_for_name("out.PNG"), "png");
  EXPECT_EQ(output_format_for_name("a.b/out.jpg"), "jpeg");
  EXPECT_EQ(output_format_for_name("x.jpeg"), "jpeg");
  EXPECT_EQ(output_format_for_name("x.webp"), "webp");
  EXPECT_EQ(output_format_for_name("x.wav"), "wav");
  EXPECT_EQ(output_format_for_name("x.ogg"), "opus");
  EXPECT_EQ(output_format_for_name("notes.md"), "text");
  EXPECT_EQ(output_format_for_name("x.gif"), "");
  EXPECT_EQ(output_format_for_name("noext"), "");
}

TEST(EmbedWatermark, RefusesEmptyAndUnknownInputPlainly) {
  EmbedOptions options;
  options.output_format = "png";
  EXPECT_EQ(embed_watermark({}, options).status().code(), StatusCode::kMalformed);
  const std::vector<uint8_t> junk = {0x00, 0x01, 0x02, 0x03, 0xFE, 0xFF, 0x00, 0x07};
  const auto r = embed_watermark(junk, options);
  ASSERT_FALSE(r.is_ok());
  EXPECT_EQ(r.status().code(), StatusCode::kUnsupported);
  EXPECT_FALSE(r.status().message().empty());
}

}  // namespace
}  // namespace dsmark
