// Pixel decoding: every format round-trips through its encoder (or a hand-written file), the EXIF orientation is
// applied, hostile sizes are refused before any large allocation, and damaged data gives a status or a warning.
#include <gif_lib.h>
#include <gtest/gtest.h>
#include <zlib.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>
// jpeglib.h needs size_t and FILE first.
#include <jpeglib.h>
#include <map>

#include "dsmark/dsmark.h"
#include "dsmark/watermark.h"
#include "format/sniff.h"
#include "image/image.h"
#include "support/alloc_tracker.h"
#include "support/builders.h"
#include "support/images.h"

namespace dsmark {
namespace {

using test::ByteVec;

double mean_abs_diff(const Image& a, const Image& b) {
  if (a.pixels.size() != b.pixels.size() || a.pixels.empty()) return 1e9;
  double s = 0;
  for (size_t i = 0; i < a.pixels.size(); ++i) s += std::abs(int(a.pixels[i]) - int(b.pixels[i]));
  return s / double(a.pixels.size());
}

Image decode_ok(const ByteVec& bytes, bool keep_alpha = false) {
  Limits limits;
  DecodeOptions options;
  options.keep_alpha = keep_alpha;
  auto d = decode_image(bytes, sniff_format(bytes), limits, options);
  EXPECT_TRUE(d.is_ok()) << d.status().message();
  return d.is_ok() ? d->image : Image{};
}

TEST(ImageDecode, PngJpegWebpRoundTrip) {
  const Image img = test::photo_like(97, 61, 1);
  auto png = encode_png(img);
  ASSERT_TRUE(png.is_ok());
  EXPECT_EQ(sniff_format(*png), Format::kPng);
  const Image p = decode_ok(*png);
  EXPECT_EQ(p.width, 97u);
  EXPECT_EQ(p.height, 61u);
  EXPECT_EQ(p.pixels, img.pixels);

  auto jpeg = encode_jpeg(img, 95);
  ASSERT_TRUE(jpeg.is_ok());
  EXPECT_EQ(sniff_format(*jpeg), Format::kJpeg);
  EXPECT_LT(mean_abs_diff(decode_ok(*jpeg), img), 4.0);

  auto lossless = encode_webp(img, 0);
  ASSERT_TRUE(lossless.is_ok());
  EXPECT_EQ(sniff_format(*lossless), Format::kWebp);
  EXPECT_EQ(decode_ok(*lossless).pixels, img.pixels);
  auto lossy = encode_webp(img, 90);
  ASSERT_TRUE(lossy.is_ok());
  EXPECT_LT(mean_abs_diff(decode_ok(*lossy), img), 5.0);

  auto info = read_image_info(*jpeg, Format::kJpeg);
  ASSERT_TRUE(info.is_ok());
  EXPECT_EQ(info->width, 97u);
}

TEST(ImageDecode, AlphaKeptOrCompositedOverWhite) {
  Image rgba;
  rgba.width = 4;
  rgba.height = 2;
  rgba.channels = 4;
  rgba.pixels = {10, 20, 30, 255, 40, 50, 60, 0,  70, 80, 90, 128, 1, 2, 3, 255,
                 5,  6,  7,  255, 8,  9,  10, 0,  11, 12, 13, 64,  14, 15, 16, 255};
  for (int quality : {-1, 0}) {  // PNG, lossless WebP
    auto bytes = quality < 0 ? encode_png(rgba) : encode_webp(rgba, quality);
    ASSERT_TRUE(bytes.is_ok());
    const Image kept = decode_ok(*bytes, true);
    EXPECT_EQ(kept.channels, 4u);
    EXPECT_EQ(kept.pixels[7], 0);  // alpha of pixel 1
    EXPECT_EQ(kept.pixels[0], 10);
    const Image flat = decode_ok(*bytes, false);
    EXPECT_EQ(flat.channels, 3u);
    EXPECT_EQ(flat.pixels[0], 10);
    if (quality < 0) {  // libpng composites transparent pixels over the white background we give it
      EXPECT_EQ(flat.pixels[3], 255);
      EXPECT_EQ(flat.pixels[4], 255);
    }
  }
}

// A GIF written with giflib: a 6×4 screen, a first frame of 4×3 at (1, 1) with a transparent index, a second frame.
ByteVec gif_file(bool truncate = false) {
  ByteVec out;
  int err = 0;
  GifFileType* gif = EGifOpen(&out, [](GifFileType* g, const GifByteType* data, int n) {
    auto* v = static_cast<ByteVec*>(g->UserData);
    v->insert(v->end(), data, data + n);
    return n;
  }, &err);
  EXPECT_NE(gif, nullptr);
  const GifColorType colours[4] = {{0, 0, 0}, {255, 0, 0}, {0, 255, 0}, {0, 0, 255}};
  ColorMapObject* map = GifMakeMapObject(4, colours);
  EGifSetGifVersion(gif, true);
  EGifPutScreenDesc(gif, 6, 4, 2, 0, map);
  GraphicsControlBlock gcb{};
  gcb.TransparentColor = 2;
  GifByteType ext[4];
  EGifGCBToExtension(&gcb, ext);
  EGifPutExtension(gif, GRAPHICS_EXT_FUNC_CODE, 4, ext);
  EGifPutImageDesc(gif, 1, 1, 4, 3, false, nullptr);
  GifPixelType rows[3][4] = {{1, 2, 3, 1}, {3, 3, 3, 3}, {0, 1, 2, 0}};
  for (auto& row : rows) EGifPutLine(gif, row, 4);
  EGifPutImageDesc(gif, 0, 0, 6, 4, false, nullptr);
  GifPixelType full[6] = {3, 3, 3, 3, 3, 3};
  for (int r = 0; r < 4; ++r) EGifPutLine(gif, full, 6);
  EGifCloseFile(gif, &err);
  GifFreeMapObject(map);
  if (truncate) out.resize(40);
  return out;
}

TEST(ImageDecode, GifFirstFrameOnTheScreenWithTransparency) {
  const ByteVec gif = gif_file();
  ASSERT_EQ(sniff_format(gif), Format::kGif);
  const Image img = decode_ok(gif);
  ASSERT_EQ(img.width, 6u);
  ASSERT_EQ(img.height, 4u);
  auto px = [&](uint32_t x, uint32_t y) {
    const uint8_t* p = img.row(y) + x * 3;
    return std::array<int, 3>{p[0], p[1], p[2]};
  };
  EXPECT_EQ(px(0, 0), (std::array<int, 3>{255, 255, 255}));  // outside the first frame: background
  EXPECT_EQ(px(1, 1), (std::array<int, 3>{255, 0, 0}));
  EXPECT_EQ(px(2, 1), (std::array<int, 3>{255, 255, 255}));  // transparent index
  EXPECT_EQ(px(3, 1), (std::array<int, 3>{0, 0, 255}));
  EXPECT_EQ(px(1, 3), (std::array<int, 3>{0, 0, 0}));
  // The second frame (all blue) is not drawn.
  EXPECT_EQ(px(5, 3), (std::array<int, 3>{255, 255, 255}));

  Limits limits;
  auto broken = decode_image(gif_file(true), Format::kGif, limits);
  EXPECT_FALSE(broken.is_ok() && broken->warnings.empty());
}

// TIFF writers: strips of 8-bit samples, compressed as asked.
void put_u16le(ByteVec& b, uint32_t v) { test::put_u16le(b, v); }
ByteVec packbits(const ByteVec& in) {  // literal runs only, up to 128 bytes each
  ByteVec out;
  for (size_t i = 0; i < in.size(); i += 128) {
    const size_t n = std::min<size_t>(128, in.size() - i);
    out.push_back(static_cast<uint8_t>(n - 1));
    out.insert(out.end(), in.begin() + i, in.begin() + i + n);
  }
  return out;
}
ByteVec tiff_lzw(const ByteVec& in) {  // TIFF LZW: MSB-first codes, Clear first, early change
  ByteVec out;
  uint32_t acc = 0;
  int nbits = 0, width = 9;
  auto emit = [&](int code) {
    acc = acc << width | static_cast<uint32_t>(code);
    nbits += width;
    while (nbits >= 8) {
      out.push_back(static_cast<uint8_t>(acc >> (nbits - 8)));
      nbits -= 8;
    }
  };
  std::map<std::pair<int, uint8_t>, int> dict;
  int next = 258;
  emit(256);
  int w = -1;
  for (uint8_t c : in) {
    if (w < 0) {
      w = c;
      continue;
    }
    auto it = dict.find({w, c});
    if (it != dict.end()) {
      w = it->second;
      continue;
    }
    emit(w);
    dict[{w, c}] = next++;
    if (next >= (1 << width) && width < 12) ++width;  // the decoder switches one code earlier (TIFF's early change)
    w = c;
  }
  if (w >= 0) emit(w);
  emit(257);
  if (nbits) out.push_back(static_cast<uint8_t>(acc << (8 - nbits)));
  return out;
}
ByteVec tiff_file(uint32_t w, uint32_t h, uint32_t spp, uint16_t photometric, uint16_t compression, bool predictor,
                  const ByteVec& samples, uint32_t rows_per_strip) {
  ByteVec out = {'I', 'I', 42, 0, 0, 0, 0, 0};
  std::vector<uint32_t> offsets, counts;
  const size_t row_bytes = size_t{w} * spp;
  for (uint32_t y = 0; y < h; y += rows_per_strip) {
    const uint32_t rows = std::min(rows_per_strip, h - y);
    ByteVec strip(samples.begin() + y * row_bytes, samples.begin() + (y + rows) * row_bytes);
    if (predictor) {
      for (uint32_t r = 0; r < rows; ++r) {
        for (size_t i = row_bytes; i-- > spp;) strip[r * row_bytes + i] -= strip[r * row_bytes + i - spp];
      }
    }
    if (compression == 32773) strip = packbits(strip);
    if (compression == 5) strip = tiff_lzw(strip);
    if (compression == 8) {
      uLongf n = compressBound(static_cast<uLong>(strip.size()));
      ByteVec z(n);
      compress(z.data(), &n, strip.data(), static_cast<uLong>(strip.size()));
      z.resize(n);
      strip = z;
    }
    offsets.push_back(static_cast<uint32_t>(out.size()));
    counts.push_back(static_cast<uint32_t>(strip.size()));
    out.insert(out.end(), strip.begin(), strip.end());
  }
  // Arrays that do not fit in an entry.
  const uint32_t offsets_at = static_cast<uint32_t>(out.size());
  for (uint32_t o : offsets) test::put_u32le(out, o);
  const uint32_t counts_at = static_cast<uint32_t>(out.size());
  for (uint32_t c : counts) test::put_u32le(out, c);
  const uint32_t bps_at = static_cast<uint32_t>(out.size());
  for (uint32_t i = 0; i < spp; ++i) put_u16le(out, 8);
  if (out.size() % 2) out.push_back(0);
  const uint32_t ifd = static_cast<uint32_t>(out.size());
  out[4] = static_cast<uint8_t>(ifd), out[5] = static_cast<uint8_t>(ifd >> 8);
  out[6] = static_cast<uint8_t>(ifd >> 16), out[7] = static_cast<uint8_t>(ifd >> 24);
  struct E {
    uint16_t tag, type;
    uint32_t count, value;
  };
  const bool many = offsets.size() > 1;
  std::vector<E> e = {{256, 4, 1, w},
                      {257, 4, 1, h},
                      {258, 3, spp, spp > 2 ? bps_at : 8},
                      {259, 3, 1, compression},
                      {262, 3, 1, photometric},
                      {273, 4, static_cast<uint32_t>(offsets.size()), many ? offsets_at : offsets[0]},
                      {277, 3, 1, spp},
                      {278, 4, 1, rows_per_strip},
                      {279, 4, static_cast<uint32_t>(counts.size()), many ? counts_at : counts[0]}};
  if (predictor) e.push_back({317, 3, 1, 2});
  put_u16le(out, static_cast<uint32_t>(e.size()));
  for (const E& x : e) {
    put_u16le(out, x.tag);
    put_u16le(out, x.type);
    test::put_u32le(out, x.count);
    if (x.type == 3 && x.count == 1) {
      put_u16le(out, x.value);
      put_u16le(out, 0);
    } else if (x.type == 3 && x.count == 2) {
      put_u16le(out, 8);
      put_u16le(out, 8);
    } else {
      test::put_u32le(out, x.value);
    }
  }
  test::put_u32le(out, 0);
  return out;
}

TEST(ImageDecode, TiffStripsEveryCompression) {
  const Image img = test::photo_like(37, 23, 2);
  for (uint16_t compression : {1, 32773, 5, 8}) {
    for (bool predictor : {false, true}) {
      if (predictor && (compression == 1 || compression == 32773)) continue;
      const ByteVec tiff = tiff_file(37, 23, 3, 2, compression, predictor, img.pixels, 5);
      ASSERT_EQ(sniff_format(tiff), Format::kTiff);
      const Image got = decode_ok(tiff);
      EXPECT_EQ(got.pixels, img.pixels) << "compression " << compression << " predictor " << predictor;
    }
  }
  // Grey, WhiteIsZero.
  ByteVec grey(37 * 23);
  for (size_t i = 0; i < grey.size(); ++i) grey[i] = static_cast<uint8_t>(i * 7);
  const Image g = decode_ok(tiff_file(37, 23, 1, 0, 1, false, grey, 23));
  EXPECT_EQ(g.pixels[3 * 5], 255 - grey[5]);
  EXPECT_EQ(g.pixels[3 * 5 + 2], 255 - grey[5]);
}

TEST(ImageDecode, OrientationMapsEveryCase) {
  // A 3×2 image whose pixels are numbered 0–5 in stored order.
  Image img;
  img.width = 3;
  img.height = 2;
  for (uint8_t i = 0; i < 6; ++i) img.pixels.insert(img.pixels.end(), {i, i, i});
  // The rows as shown, per EXIF 2.32 §4.6.4 (orientation → displayed rows).
  const std::vector<std::vector<uint8_t>> want = {
      {}, {0, 1, 2, 3, 4, 5}, {2, 1, 0, 5, 4, 3}, {5, 4, 3, 2, 1, 0}, {3, 4, 5, 0, 1, 2},
      {0, 3, 1, 4, 2, 5}, {3, 0, 4, 1, 5, 2}, {5, 2, 4, 1, 3, 0}, {2, 5, 1, 4, 0, 3}};
  for (int o = 1; o <= 8; ++o) {
    Image t = img;
    apply_orientation(t, o);
    EXPECT_EQ(t.width, o >= 5 ? 2u : 3u);
    std::vector<uint8_t> got;
    for (size_t i = 0; i < t.pixels.size(); i += 3) got.push_back(t.pixels[i]);
    EXPECT_EQ(got, want[static_cast<size_t>(o)]) << "orientation " << o;
  }
}

TEST(ImageDecode, ExifOrientationIsAppliedWhenEmbedding) {
  const Image img = test::photo_like(400, 300, 3);
  auto jpeg = encode_jpeg(img, 92);
  ASSERT_TRUE(jpeg.is_ok());
  // Insert an APP1 Exif segment with Orientation 6 right after SOI.
  ByteVec exif = test::bytes(std::string_view("Exif\0\0", 6));
  test::put(exif, test::tiff_block({{0x0112, 3, {6, 0}}}));
  ByteVec with = {0xFF, 0xD8};
  test::put(with, test::jpeg_segment(0xE1, exif));
  with.insert(with.end(), jpeg->begin() + 2, jpeg->end());
  EmbedOptions options;
  options.output_format = "png";
  auto marked = embed_watermark(with, options);
  ASSERT_TRUE(marked.is_ok()) << marked.status().message();
  auto info = read_image_info(*marked, Format::kPng);
  ASSERT_TRUE(info.is_ok());
  EXPECT_EQ(info->width, 300u);  // turned upright
  EXPECT_EQ(info->height, 400u);
}

TEST(ImageDecode, HugeDeclaredSizesAreRefusedBeforeAllocating) {
  Limits limits;
  limits.max_pixels = 50'000'000;
  test::AllocTracker tracker;
  // PNG: IHDR of 60000 × 60000.
  const ByteVec png = [] {
    ByteVec b = test::bytes("\x89PNG\r\n\x1a\n");
    test::put(b, test::png_ihdr(60000, 60000));
    test::put(b, test::png_chunk("IDAT", test::zlib_compress(std::string(100, '\0'))));
    test::put(b, test::png_chunk("IEND", {}));
    return b;
  }();
  auto r = decode_image(png, Format::kPng, limits);
  ASSERT_FALSE(r.is_ok());
  EXPECT_EQ(r.status().code(), StatusCode::kLimit);
  EXPECT_NE(r.status().message().find("limit"), std::string::npos);
  // JPEG: SOF0 of 65000 × 65000.
  ByteVec sof = {8, 0xFD, 0xE8, 0xFD, 0xE8, 3, 1, 0x22, 0, 2, 0x11, 1, 3, 0x11, 1};
  ByteVec dqt(65, 1);
  dqt[0] = 0;
  ByteVec jpeg = {0xFF, 0xD8};
  test::put(jpeg, test::jpeg_segment(0xDB, dqt));
  test::put(jpeg, test::jpeg_segment(0xC0, sof));
  test::put(jpeg, test::jpeg_segment(0xDA, {3, 1, 0x00, 2, 0x11, 3, 0x11, 0, 63, 0}));
  jpeg.insert(jpeg.end(), {0x12, 0x34, 0xFF, 0xD9});
  r = decode_image(jpeg, Format::kJpeg, limits);
  ASSERT_FALSE(r.is_ok());
  EXPECT_EQ(r.status().code(), StatusCode::kLimit);
  // GIF: a 65535 × 65535 screen.
  ByteVec gif = test::bytes("GIF89a");
  gif.insert(gif.end(), {0xFF, 0xFF, 0xFF, 0xFF, 0x80, 0, 0, 0, 0, 0, 255, 255, 255, 0x2C, 0, 0, 0, 0, 1, 0, 1, 0, 0,
                         2, 2, 0x44, 1, 0, 0x3B});
  r = decode_image(gif, Format::kGif, limits);
  ASSERT_FALSE(r.is_ok());
  EXPECT_EQ(r.status().code(), StatusCode::kLimit);
  // TIFF: 100000 × 100000.
  ByteVec tiff = tiff_file(2, 2, 1, 1, 1, false, ByteVec(4, 9), 2);
  for (size_t i = 8; i + 12 <= tiff.size(); ++i) {  // patch ImageWidth/ImageLength values
    if ((tiff[i] == 0 && tiff[i + 1] == 1) || (tiff[i] == 1 && tiff[i + 1] == 1)) {
      if (tiff[i + 2] == 4 && tiff[i + 3] == 0 && tiff[i + 4] == 1) {
        tiff[i + 8] = 0xA0, tiff[i + 9] = 0x86, tiff[i + 10] = 0x01;
      }
    }
  }
  r = decode_image(tiff, Format::kTiff, limits);
  ASSERT_FALSE(r.is_ok());
  EXPECT_EQ(r.status().code(), StatusCode::kLimit);
  EXPECT_LT(tracker.largest(), size_t{8} << 20);
}

// A progressive JPEG (libjpeg's simple progression: 10 scans for a colour image).
ByteVec progressive_jpeg(const Image& img) {
  jpeg_compress_struct c;
  jpeg_error_mgr err;
  c.err = jpeg_std_error(&err);
  jpeg_create_compress(&c);
  unsigned char* buf = nullptr;
  unsigned long size = 0;
  jpeg_mem_dest(&c, &buf, &size);
  c.image_width = img.width;
  c.image_height = img.height;
  c.input_components = 3;
  c.in_color_space = JCS_RGB;
  jpeg_set_defaults(&c);
  jpeg_simple_progression(&c);
  jpeg_start_compress(&c, TRUE);
  while (c.next_scanline < c.image_height) {
    JSAMPROW row = const_cast<JSAMPROW>(img.row(c.next_scanline));
    jpeg_write_scanlines(&c, &row, 1);
  }
  jpeg_finish_compress(&c);
  jpeg_destroy_compress(&c);
  ByteVec out(buf, buf + size);
  std::free(buf);
  return out;
}

TEST(ImageDecode, ProgressiveJpegScansAreLimited) {
  const Image img = test::photo_like(80, 60, 8);
  const ByteVec jpeg = progressive_jpeg(img);
  Limits limits;
  auto ok = decode_image(jpeg, Format::kJpeg, limits);
  ASSERT_TRUE(ok.is_ok()) << ok.status().message();
  EXPECT_LT(mean_abs_diff(ok->image, img), 10.0);  // libjpeg's default quality 75
  limits.max_jpeg_scans = 3;
  auto refused = decode_image(jpeg, Format::kJpeg, limits);
  ASSERT_FALSE(refused.is_ok());
  EXPECT_EQ(refused.status().code(), StatusCode::kLimit);
  EXPECT_NE(refused.status().message().find("scans"), std::string::npos);
}

TEST(ImageDecode, TruncatedDataGivesAStatusOrAWarning) {
  const Image img = test::photo_like(200, 180, 4);
  Limits limits;
  auto png = *encode_png(img);
  png.resize(png.size() / 2);
  auto r = decode_image(png, Format::kPng, limits);
  ASSERT_FALSE(r.is_ok());
  EXPECT_EQ(r.status().code(), StatusCode::kTruncated);

  auto jpeg = *encode_jpeg(img, 90);
  jpeg.resize(jpeg.size() * 2 / 3);
  r = decode_image(jpeg, Format::kJpeg, limits);
  ASSERT_TRUE(r.is_ok());  // libjpeg fills the missing rows
  ASSERT_FALSE(r->warnings.empty());
  EXPECT_NE(r->warnings[0].find("ends early"), std::string::npos);

  auto webp = *encode_webp(img, 80);
  webp.resize(webp.size() / 2);
  r = decode_image(webp, Format::kWebp, limits);
  EXPECT_FALSE(r.is_ok());

  // Through verify(): the report says why the pixels were not checked.
  const Report rep = verify(png, "half.png");
  bool said = false;
  for (const std::string& w : rep.warnings) said |= w.find("pixels could not be decoded") != std::string::npos;
  EXPECT_TRUE(said);
}

TEST(ImageDecode, GarbageAfterSignaturesNeverCrashes) {
  test::Rng rng(9);
  Limits limits;
  limits.max_pixels = 1 << 20;
  const std::vector<std::string_view> heads = {std::string_view("\x89PNG\r\n\x1a\n", 8), "\xFF\xD8\xFF",
                                               "RIFF\x10\0\0\0WEBPVP8 ", "GIF89a", std::string_view("II*\0", 4)};
  for (std::string_view head : heads) {
    for (int n = 0; n < 40; ++n) {
      ByteVec b = test::bytes(head);
      const size_t extra = rng.next() % 300;
      for (size_t i = 0; i < extra; ++i) b.push_back(static_cast<uint8_t>(rng.next()));
      auto r = decode_image(b, sniff_format(b), limits);
      if (r.is_ok()) EXPECT_LE(r->image.area(), limits.max_pixels);
    }
  }
}

}  // namespace
}  // namespace dsmark
