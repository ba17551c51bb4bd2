// The Stable Diffusion family's watermark: every payload, convention and channel order marked by the reference-
// encoder replica is found with its message; crops are recovered; unmarked pictures give nothing.
#include "watermark/sd_dwtdct.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <iterator>

#include "dsmark/dsmark.h"
#include "format/sniff.h"
#include "support/images.h"
#include "support/sd_dwtdct_encoder.h"

namespace dsmark {
namespace {

TEST(SdMessages, TheKnownPayloads) {
  const auto& m = sd_messages();
  EXPECT_EQ(m[0].bits.size(), 136u);  // "StableDiffusionV1"
  EXPECT_EQ(m[1].bits.size(), 32u);   // "SDV2"
  EXPECT_EQ(m[2].bits.size(), 48u);
  EXPECT_EQ(m[3].bits.size(), 46u);   // FLUX: bin(M)[2:] drops two leading zeros
  // The SD 1 message is the ASCII of "StableDiffusionV1", most significant bit first.
  std::string text;
  const auto bits = sd_message_bits(m[0]);
  for (size_t i = 0; i < bits.size(); i += 8) {
    int c = 0;
    for (size_t k = 0; k < 8; ++k) c = c << 1 | bits[i + k];
    text += static_cast<char>(c);
  }
  EXPECT_EQ(text, "StableDiffusionV1");
  EXPECT_EQ(m[2].bits.substr(0, 8), "10110011");
  EXPECT_EQ(m[3].bits.substr(0, 8), "10101011");
}

TEST(SdDetector, EveryPayloadConventionAndOrder) {
  const Image base = test::photo_like(512, 512, 11);
  for (size_t mi = 0; mi < sd_messages().size(); ++mi) {
    for (SdConvention conv : {SdConvention::kUint8, SdConvention::kFloat}) {
      for (SdOrder order : {SdOrder::kBgr, SdOrder::kRgb}) {
        test::SdEncodeOptions options;
        options.convention = conv;
        options.order = order;
        const Image marked = test::sd_embed(base, sd_message_bits(sd_messages()[mi]), options);
        const SdDetection d = detect_sd_dwtdct(marked);
        SCOPED_TRACE(std::string(sd_messages()[mi].name) + (conv == SdConvention::kUint8 ? " uint8" : " float") +
                     (order == SdOrder::kBgr ? " bgr" : " rgb"));
        EXPECT_TRUE(d.marked);
        EXPECT_EQ(d.message, static_cast<int>(mi));
        EXPECT_GT(std::fabs(d.z), 30.0);
        EXPECT_EQ(d.bit_errors, 0);
        EXPECT_TRUE(d.aligned);
        EXPECT_LT(d.p_value, 1e-6);
      }
    }
  }
}

TEST(SdDetector, DiffusersRoundingAndJpeg444Survive) {
  const Image base = test::photo_like(640, 448, 12);
  test::SdEncodeOptions options;
  options.convention = SdConvention::kFloat;
  options.rounding = test::SdOutputRounding::kRound;
  const Image marked = test::sd_embed(base, sd_message_bits(sd_messages()[2]), options);
  EXPECT_TRUE(detect_sd_dwtdct(marked).marked);
  // A high-quality JPEG keeps enough of the mark for the soft correlation (the reference decoder would fail).
  auto jpeg = encode_jpeg(marked, 97);
  ASSERT_TRUE(jpeg.is_ok());
  const SdDetection d = detect_sd_dwtdct(test::redecode(*jpeg, Format::kJpeg));
  EXPECT_TRUE(d.marked);
  EXPECT_EQ(d.message, 2);
}

TEST(SdDetector, CropsThatMoveTheGridAreRecovered) {
  const Image base = test::photo_like(768, 640, 13);
  for (size_t mi : {size_t{0}, size_t{2}}) {
    test::SdEncodeOptions options;
    options.convention = mi == 0 ? SdConvention::kUint8 : SdConvention::kFloat;
    const Image marked = test::sd_embed(base, sd_message_bits(sd_messages()[mi]), options);
    const Image cut = test::crop(marked, 37, 21, 600, 500);
    const SdDetection d = detect_sd_dwtdct(cut);
    EXPECT_TRUE(d.marked) << sd_messages()[mi].name << " z " << d.z << " p " << d.p_value;
    EXPECT_EQ(d.message, static_cast<int>(mi));
    EXPECT_FALSE(d.aligned);
    EXPECT_EQ(d.offset_x, (8 - 37 % 8) % 8);
    EXPECT_EQ(d.offset_y, (8 - 21 % 8) % 8);
    EXPECT_EQ(d.bit_errors, 0);
    // The crop search counts its tries: the same z means a larger p-value than the aligned test would give.
    EXPECT_GT(d.variants, 1000000u);
  }
}

TEST(SdDetector, UnmarkedPicturesGiveNothing) {
  for (uint64_t seed = 20; seed < 26; ++seed) {
    const Image img = test::photo_like(512 + 64 * (seed % 3), 384 + 32 * (seed % 2), seed, seed % 2 ? 1.0 : 0.1);
    const SdDetection d = detect_sd_dwtdct(img);
    EXPECT_FALSE(d.marked) << "seed " << seed;
    EXPECT_GT(d.p_value, 1e-3) << "seed " << seed;
  }
  // Flat and grey images, and images too small for the encoder.
  Image flat;
  flat.width = flat.height = 512;
  flat.pixels.assign(512 * 512 * 3, 131);
  EXPECT_FALSE(detect_sd_dwtdct(flat).marked);
  EXPECT_FALSE(detect_sd_dwtdct(test::photo_like(200, 200, 5)).marked);
}

TEST(SdDetector, SharedCorpusPhotosGiveNothing) {
  const std::filesystem::path dir = std::filesystem::path(DSMARK_SHARED_DIR) / "corpus/photos";
  if (!std::filesystem::exists(dir)) GTEST_SKIP() << dir << " is absent";
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    std::ifstream in(entry.path(), std::ios::binary);
    std::vector<uint8_t> bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    const Report r = verify(bytes, entry.path().filename().string());
    for (const Mark& m : r.marks) EXPECT_NE(m.scheme, "watermark:sd-dwtdct") << entry.path();
  }
}

TEST(SdDetector, ReportedThroughVerifyWithItsFields) {
  const Image base = test::photo_like(512, 512, 14);
  const Image marked = test::sd_embed(base, sd_message_bits(sd_messages()[3]), {SdConvention::kFloat});
  auto png = encode_png(marked);
  ASSERT_TRUE(png.is_ok());
  const Report r = verify(*png, "flux.png");
  ASSERT_EQ(r.marks.size(), 1u);
  const Mark& m = r.marks[0];
  EXPECT_EQ(m.scheme, "watermark:sd-dwtdct");
  EXPECT_EQ(m.kind, MarkKind::kWatermark);
  EXPECT_EQ(m.claim, Claim::kAi);
  EXPECT_EQ(r.verdict, Verdict::kAi);
  EXPECT_EQ(m.fields.find("message")->as_string(), "FLUX.1");
  EXPECT_EQ(m.fields.find("payload")->as_string(), "2afe879cf52e");  // 46 bits, right-aligned in hex
  EXPECT_EQ(m.fields.find("bit_errors")->as_int(), 0);
  EXPECT_LT(m.fields.find("p_value")->as_double(), 1e-6);
  EXPECT_EQ(m.fields.find("convention")->as_string(), "float");
  // Without detectors, nothing is decoded.
  VerifyOptions quick;
  quick.detectors = false;
  EXPECT_TRUE(verify(*png, "flux.png", quick).marks.empty());
}

}  // namespace
}  // namespace dsmark
