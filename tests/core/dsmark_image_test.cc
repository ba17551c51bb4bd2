// dsmark's image watermark: the payload round-trips through embedding, re-encoding, resizing, cropping, brightness
// and noise; unmarked pictures give nothing; the embedder's API refuses what it cannot do, plainly. And the
// building blocks: the convolutional code, the FFT and the deterministic maths.
#include "watermark/dsmark_image.h"

#include <gtest/gtest.h>

#include <cmath>

#include "dsmark/dsmark.h"
#include "dsmark/watermark.h"
#include "format/sniff.h"
#include "container/tiff_ifd.h"
#include "container/walkers.h"
#include "support/builders.h"
#include "support/images.h"
#include "util/det_math.h"
#include "watermark/fft.h"

namespace dsmark {
namespace {

using test::ByteVec;
constexpr uint64_t kPayload = 0x0123456789abcdefull;

double psnr(const Image& a, const Image& b) {
  double se = 0;
  for (size_t i = 0; i < a.pixels.size(); ++i) se += std::pow(double(a.pixels[i]) - b.pixels[i], 2);
  return 10 * std::log10(255.0 * 255.0 * double(a.pixels.size()) / se);
}

class DsmarkImage : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    original_ = new Image(test::photo_like(640, 480, 31));
    DsmarkEmbedStats stats;
    auto m = embed_dsmark_image(*original_, kPayload, &stats);
    ASSERT_TRUE(m.is_ok()) << m.status().message();
    marked_ = new Image(std::move(*m));
    stats_ = stats;
  }
  static void TearDownTestSuite() {
    delete original_;
    delete marked_;
  }
  static void expect_payload(const Image& img, const char* what) {
    const DsmarkImageDetection d = detect_dsmark_image(img);
    EXPECT_TRUE(d.found) << what << ": sync z " << d.sync_z << ", fit " << d.signal_to_noise;
    EXPECT_EQ(d.payload, kPayload) << what;
    EXPECT_LE(d.p_value, 4 * std::ldexp(1.0, -32)) << what;
  }
  static Image* original_;
  static Image* marked_;
  static DsmarkEmbedStats stats_;
};
Image* DsmarkImage::original_ = nullptr;
Image* DsmarkImage::marked_ = nullptr;
DsmarkEmbedStats DsmarkImage::stats_;

TEST_F(DsmarkImage, QualityWithinTheTargets) {
  EXPECT_GE(stats_.psnr, 40.0);
  EXPECT_NEAR(psnr(*original_, *marked_), stats_.psnr, 0.01);
  EXPECT_GT(stats_.strength, 0.0);
}

TEST_F(DsmarkImage, PayloadRoundTripsLossless) { expect_payload(*marked_, "lossless"); }

TEST_F(DsmarkImage, SurvivesJpegQ50AndWebpQ60) {
  expect_payload(test::redecode(*encode_jpeg(*marked_, 50), Format::kJpeg), "JPEG q50");
  expect_payload(test::redecode(*encode_webp(*marked_, 60), Format::kWebp), "WebP q60");
}

TEST_F(DsmarkImage, SurvivesResizing) {
  expect_payload(test::resize(*marked_, 320, 240), "resize 50%");
  expect_payload(test::resize(*marked_, 1280, 960), "resize 200%");
}

TEST_F(DsmarkImage, SurvivesCropsAtAnOffset) {
  expect_payload(test::crop(*marked_, 61, 17, 554, 416), "crop 75% area");
  expect_payload(test::crop(*marked_, 100, 0, 480, 480), "crop 75% width");
  // A screenshot-like chain: crop, scale 0.8, JPEG 85.
  const Image shot = test::resize(test::crop(*marked_, 30, 20, 590, 430), 472, 344);
  expect_payload(test::redecode(*encode_jpeg(shot, 85), Format::kJpeg), "screenshot");
}

TEST_F(DsmarkImage, SurvivesBrightnessAndNoise) {
  expect_payload(test::scale_brightness(*marked_, 1.2), "brightness +20%");
  expect_payload(test::scale_brightness(*marked_, 0.8), "brightness -20%");
  expect_payload(test::add_noise(*marked_, 4.0, 7), "noise 4");
}

TEST_F(DsmarkImage, UnmarkedPicturesGiveNothing) {
  EXPECT_FALSE(detect_dsmark_image(*original_).found);
  for (uint64_t seed = 40; seed < 44; ++seed) {
    EXPECT_FALSE(detect_dsmark_image(test::photo_like(500 + seed, 400, seed, seed % 2 ? 1.0 : 0.0)).found);
  }
  Image flat;
  flat.width = 300;
  flat.height = 300;
  flat.pixels.assign(300 * 300 * 3, 200);
  EXPECT_FALSE(detect_dsmark_image(flat).found);
  EXPECT_FALSE(detect_dsmark_image(test::add_noise(flat, 40, 3)).found);
}

TEST(DsmarkImageEmbed, RefusesSmallImagesPlainly) {
  auto r = embed_dsmark_image(test::photo_like(300, 120, 1), 1);
  ASSERT_FALSE(r.is_ok());
  EXPECT_EQ(r.status().code(), StatusCode::kUnsupported);
  EXPECT_NE(r.status().message().find("256"), std::string::npos);
}

TEST(DsmarkImageEmbed, ThroughEmbedWatermarkAndVerify) {
  const Image img = test::photo_like(520, 400, 32);
  auto png = encode_png(img);
  ASSERT_TRUE(png.is_ok());
  EmbedOptions options;
  options.output_format = "jpeg";
  options.payload = {0x2a};  // right-aligned: carried as 0x000000000000002a
  auto jpeg = embed_watermark(*png, options);
  ASSERT_TRUE(jpeg.is_ok()) << jpeg.status().message();
  EXPECT_EQ(sniff_format(*jpeg), Format::kJpeg);
  const Report r = verify(*jpeg, "marked.jpg");
  ASSERT_EQ(r.marks.size(), 1u);
  EXPECT_EQ(r.marks[0].scheme, "watermark:dsmark-image");
  EXPECT_EQ(r.marks[0].claim, Claim::kAi);
  EXPECT_EQ(r.marks[0].fields.find("payload")->as_string(), "000000000000002a");
  EXPECT_LT(r.marks[0].fields.find("p_value")->as_double(), 1e-9);
  EXPECT_EQ(r.verdict, Verdict::kAi);

  options.output_format = "webp";
  options.payload.clear();
  auto webp = embed_watermark(*png, options);
  ASSERT_TRUE(webp.is_ok());
  EXPECT_EQ(sniff_format(*webp), Format::kWebp);
  const Report rw = verify(*webp, "marked.webp");
  ASSERT_EQ(rw.marks.size(), 1u);
  EXPECT_EQ(rw.marks[0].fields.find("payload")->as_string(), "64736d61726b0001");  // the default payload

  options.output_format = "png";
  options.payload = std::vector<uint8_t>(9, 1);
  auto too_long = embed_watermark(*png, options);
  ASSERT_FALSE(too_long.is_ok());
  EXPECT_NE(too_long.status().message().find("64 bits"), std::string::npos);

  options.payload.clear();
  options.output_format = "wav";
  EXPECT_EQ(embed_watermark(*png, options).status().code(), StatusCode::kUnsupported);

  // The unmarked original reports no watermark.
  EXPECT_TRUE(verify(*png, "original.png").marks.empty());
}

TEST(DsmarkImageEmbed, RefusesAnImageWhereTheMarkCouldNotBeFound) {
  // Colour bars: flat, fully saturated fields leave the quality budget no room for a findable mark. The embedder
  // reads its own output back and refuses, rather than writing a file whose mark nobody can find.
  Image bars;
  bars.width = 640;
  bars.height = 480;
  bars.channels = 3;
  bars.pixels.resize(size_t(640) * 480 * 3);
  static constexpr uint8_t kBars[7][3] = {{255, 255, 255}, {255, 255, 0}, {0, 255, 255}, {0, 255, 0},
                                          {255, 0, 255},   {255, 0, 0},   {0, 0, 255}};
  for (int y = 0; y < 480; ++y) {
    for (int x = 0; x < 640; ++x) {
      for (int c = 0; c < 3; ++c) bars.pixels[(size_t(y) * 640 + x) * 3 + c] = kBars[x * 7 / 640][c];
    }
  }
  auto png = encode_png(bars);
  ASSERT_TRUE(png.is_ok());
  EmbedOptions options;
  options.output_format = "png";
  auto r = embed_watermark(*png, options);
  ASSERT_FALSE(r.is_ok());
  EXPECT_EQ(r.status().code(), StatusCode::kUnsupported);
  EXPECT_NE(r.status().message().find("cannot be made strong enough"), std::string::npos) << r.status().message();
  // A photo-like picture of the same size is marked, and its mark is found (the check is not a blanket refusal).
  auto photo = encode_png(test::photo_like(640, 480, 33));
  ASSERT_TRUE(photo.is_ok());
  auto marked = embed_watermark(*photo, options);
  ASSERT_TRUE(marked.is_ok()) << marked.status().message();
  EXPECT_EQ(verify(*marked, "marked.png").verdict, Verdict::kAi);
}

TEST(DsmarkImageEmbed, CarriesTheLabelAndExifOver) {
  // A PNG with a GB 45438 label in XMP and an EXIF block saying "rotate 90°".
  const Image img = test::photo_like(400, 300, 33);
  auto png = *encode_png(img);
  ByteVec exif = test::tiff_block({{0x0112, 3, {6, 0}}, {0x0131, 2, test::bytes("editor\0")}});
  ByteVec chunks = test::png_itxt("XML:com.adobe.xmp", test::xmp_packet(test::tc260_element(test::kLabel1)));
  test::put(chunks, test::png_chunk("eXIf", exif));
  png.insert(png.begin() + 33, chunks.begin(), chunks.end());
  for (const char* out : {"png", "jpeg", "webp"}) {
    EmbedOptions options;
    options.output_format = out;
    auto marked = embed_watermark(png, options);
    ASSERT_TRUE(marked.is_ok()) << out << ": " << marked.status().message();
    const Report r = verify(*marked, "marked");
    ASSERT_EQ(r.marks.size(), 2u) << out;
    EXPECT_EQ(r.marks[0].scheme, "gb45438") << out;
    EXPECT_EQ(r.marks[1].scheme, "watermark:dsmark-image") << out;
    EXPECT_TRUE(r.warnings.empty()) << out << ": " << r.warnings[0];
    // The pixels were turned upright (300 × 400) and the carried EXIF says so.
    const Format f = sniff_format(*marked);
    EXPECT_EQ(read_image_info(*marked, f)->width, 300u) << out;
    Inventory inv{Limits{}};
    ASSERT_TRUE(walker_for(f)(*marked, inv).is_ok()) << out;
    bool exif_found = false;
    for (const Blob& b : inv.blobs) {
      if (b.kind != BlobKind::kExif) continue;
      exif_found = true;
      EXPECT_EQ(exif_orientation(b.bytes, Limits{}), 1) << out;
    }
    EXPECT_TRUE(exif_found) << out;
  }
}

TEST(Fft, InverseOfForward) {
  test::Rng rng(6);
  std::vector<Complex> a(64 * 64);
  for (Complex& c : a) c = Complex(rng.normal(), rng.normal());
  std::vector<Complex> b = a;
  fft2d(b, 64, false);
  fft2d(b, 64, true);
  for (size_t i = 0; i < a.size(); ++i) EXPECT_NEAR(std::abs(b[i] / 4096.0 - a[i]), 0.0, 1e-12);
}

TEST(DetMath, MatchesTheLibraryFunctions) {
  for (double t = -3.0; t < 3.0; t += 0.0137) {
    EXPECT_NEAR(det::sin_turns(t), std::sin(2 * M_PI * t), 1e-14);
    EXPECT_NEAR(det::cos_turns(t), std::cos(2 * M_PI * t), 1e-14);
  }
  for (double x = -700; x <= 0; x += 3.7) EXPECT_NEAR(det::exp_neg(x) / std::exp(x), 1.0, 1e-13);
  for (double x = 1e-300; x < 1e300; x *= 7.3) EXPECT_NEAR(det::log_pos(x), std::log(x), 1e-12 * std::fabs(std::log(x)) + 1e-15);
  for (double z = 0; z < 37; z += 0.25) {
    const double want = 0.5 * std::erfc(z / std::sqrt(2.0));
    EXPECT_NEAR(det::normal_upper_tail(z) / want, 1.0, 1e-9) << z;
  }
}

}  // namespace
}  // namespace dsmark
