// The TIFF/EXIF directory walker on good, broken and adversarial input.
#include "container/tiff_ifd.h"

#include <gtest/gtest.h>

#include "support/builders.h"

namespace dsmark {
namespace {

using test::ByteVec;
using test::TiffTag;

ByteVec u16le(uint16_t v) { return {static_cast<uint8_t>(v), static_cast<uint8_t>(v >> 8)}; }

TEST(TiffIfd, ReadsIfd0AndTheExifSubIfd) {
  const ByteVec tiff = test::tiff_block(
      {{0x0112, 3, u16le(6)}, {0x010E, 2, test::bytes(std::string_view("A long description\0", 19))}},
      {{0x9286, 7, test::bytes("ASCII\0\0\0{\"AIGC\":{}}")}});
  TiffDirectory dir;
  ASSERT_TRUE(read_tiff_directory(tiff, Limits{}, dir).is_ok());
  EXPECT_TRUE(dir.little_endian);
  const TiffEntry* desc = dir.find(0x010E);
  ASSERT_NE(desc, nullptr);
  EXPECT_EQ(as_chars(desc->value).substr(0, 18), "A long description");
  const TiffEntry* comment = dir.find(0x9286, TiffIfd::kExif);
  ASSERT_NE(comment, nullptr);
  EXPECT_EQ(as_chars(comment->value), "ASCII\0\0\0{\"AIGC\":{}}");
  EXPECT_EQ(dir.find(0x9286, TiffIfd::kImage), nullptr);
  EXPECT_EQ(exif_orientation(tiff, Limits{}), 6);
}

TEST(TiffIfd, BigEndianAndMissingOrientation) {
  // MM, IFD0 at 8 with one SHORT entry 0x0112 = 9 (invalid: treated as 1).
  const ByteVec tiff = {'M', 'M', 0, 42, 0, 0, 0, 8, 0, 1, 0x01, 0x12, 0, 3, 0, 0, 0, 1, 0, 9, 0, 0, 0, 0, 0, 0};
  TiffDirectory dir;
  ASSERT_TRUE(read_tiff_directory(tiff, Limits{}, dir).is_ok());
  EXPECT_FALSE(dir.little_endian);
  ASSERT_EQ(dir.entries.size(), 1u);
  uint32_t v = 0;
  EXPECT_TRUE(dir.uint_at(dir.entries[0], 0, v));
  EXPECT_EQ(v, 9u);
  EXPECT_EQ(exif_orientation(tiff, Limits{}), 1);
  EXPECT_EQ(exif_orientation(test::tiff_block({}), Limits{}), 1);
}

TEST(TiffIfd, LoopsAndOutOfRangeOffsetsAreRefused) {
  // IFD0 whose "next IFD" points back at itself.
  ByteVec loop = {'I', 'I', 42, 0, 8, 0, 0, 0, 0, 0, 8, 0, 0, 0};
  TiffDirectory dir;
  EXPECT_EQ(read_tiff_directory(loop, Limits{}, dir).code(), StatusCode::kMalformed);
  // An EXIF pointer to its own directory.
  ByteVec self = {'I', 'I', 42, 0, 8, 0, 0, 0, 1, 0, 0x69, 0x87, 4, 0, 1, 0, 0, 0, 8, 0, 0, 0, 0, 0, 0, 0};
  dir = {};
  EXPECT_EQ(read_tiff_directory(self, Limits{}, dir).code(), StatusCode::kMalformed);
  // IFD0 past the end; an entry whose value lies past the end is skipped, not read.
  ByteVec far = {'I', 'I', 42, 0, 0xF0, 0xFF, 0xFF, 0xFF};
  dir = {};
  EXPECT_EQ(read_tiff_directory(far, Limits{}, dir).code(), StatusCode::kTruncated);
  ByteVec bad_value = {'I', 'I', 42, 0, 8, 0, 0, 0, 1, 0, 0x0E, 0x01, 2, 0, 0xFF, 0xFF, 0xFF, 0x7F, 0x20, 0, 0, 0,
                       0, 0, 0, 0};
  dir = {};
  EXPECT_TRUE(read_tiff_directory(bad_value, Limits{}, dir).is_ok());
  EXPECT_TRUE(dir.entries.empty());
}

TEST(TiffIfd, TruncatedAtEveryOffsetNeverReadsOutOfBounds) {
  const ByteVec tiff = test::tiff_block({{0x0112, 3, u16le(3)}, {0x02BC, 7, test::bytes("<x:xmpmeta/>")}},
                                        {{0x9286, 7, test::bytes("ASCII\0\0\0hello")}});
  for (size_t n = 0; n <= tiff.size(); ++n) {
    TiffDirectory dir;
    const Status st = read_tiff_directory(Bytes(tiff.data(), n), Limits{}, dir);
    if (n == tiff.size()) EXPECT_TRUE(st.is_ok());
    for (const TiffEntry& e : dir.entries) {
      EXPECT_LE(e.value_offset + e.value.size(), n);
    }
  }
}

TEST(TiffIfd, EntryCountLimit) {
  std::vector<TiffTag> many;
  for (uint16_t t = 0; t < 300; ++t) many.push_back({static_cast<uint16_t>(0x9000 + t), 3, u16le(t)});
  Limits lim;
  lim.max_boxes = 100;
  TiffDirectory dir;
  EXPECT_EQ(read_tiff_directory(test::tiff_block(many), lim, dir).code(), StatusCode::kLimit);
}

}  // namespace
}  // namespace dsmark
