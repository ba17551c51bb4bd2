// Container walkers on good, broken and adversarial input.
#include <gtest/gtest.h>

#include "container/walkers.h"
#include "support/alloc_tracker.h"
#include "support/builders.h"

namespace dsmark {
namespace {

using test::ByteVec;

Status walk(WalkFn fn, const ByteVec& file, Inventory& inv) { return fn(file, inv); }

TEST(JpegSegments, FindsXmpExifCommentAndApp11) {
  ByteVec exif = test::bytes(std::string_view("Exif\0\0MM\0*\0\0\0\x08", 14));
  ByteVec app11 = test::bytes("JP\0\x01");
  ByteVec file = test::jpeg_file({test::jpeg_app1_xmp("<x:xmpmeta/>"), test::jpeg_segment(0xE1, exif),
                                  test::jpeg_segment(0xFE, test::bytes("hello")), test::jpeg_segment(0xEB, app11)});
  Inventory inv{Limits{}};
  ASSERT_TRUE(walk(&walk_jpeg, file, inv).is_ok());
  ASSERT_EQ(inv.xmp.size(), 1u);
  EXPECT_EQ(inv.xmp[0].carrier, "jpeg:APP1:xmp");
  EXPECT_EQ(inv.xmp[0].xml, "<x:xmpmeta/>");
  ASSERT_EQ(inv.blobs.size(), 2u);
  EXPECT_EQ(inv.blobs[0].kind, BlobKind::kExif);
  EXPECT_EQ(inv.blobs[0].bytes.size(), 8u);
  EXPECT_EQ(inv.blobs[1].kind, BlobKind::kJpegApp11);
  ASSERT_EQ(inv.text.size(), 1u);
  EXPECT_EQ(inv.text[0].value, "hello");
}

ByteVec extended_xmp_segment(std::string_view guid, uint32_t full, uint32_t offset, std::string_view part) {
  ByteVec p = test::bytes(std::string_view("http://ns.adobe.com/xmp/extension/\0", 35));
  test::put(p, guid);
  test::put_u32be(p, full);
  test::put_u32be(p, offset);
  test::put(p, part);
  return test::jpeg_segment(0xE1, p);
}

TEST(JpegSegments, ReassemblesExtendedXmpInAnyOrder) {
  const std::string guid(32, 'A');
  const std::string ext = "<x:xmpmeta>extended</x:xmpmeta>";
  ByteVec file = test::jpeg_file({
      test::jpeg_app1_xmp("<x:xmpmeta/>"),
      extended_xmp_segment(guid, static_cast<uint32_t>(ext.size()), 10, std::string_view(ext).substr(10)),
      extended_xmp_segment(guid, static_cast<uint32_t>(ext.size()), 0, std::string_view(ext).substr(0, 10)),
  });
  Inventory inv{Limits{}};
  ASSERT_TRUE(walk(&walk_jpeg, file, inv).is_ok());
  ASSERT_EQ(inv.xmp.size(), 2u);
  EXPECT_EQ(inv.xmp[1].carrier, "jpeg:APP1:xmp-extended");
  EXPECT_EQ(inv.xmp[1].xml, ext);
}

TEST(JpegSegments, HostileExtendedXmpSizes) {
  const std::string guid(32, 'B');
  test::AllocTracker tracker;
  ByteVec file = test::jpeg_file({extended_xmp_segment(guid, 0xFFFFFFFFu, 0, "x"),
                                  extended_xmp_segment(std::string(32, 'C'), 100, 0xFFFFFFF0u, "xyz")});
  Inventory inv{Limits{}};
  (void)walk(&walk_jpeg, file, inv);
  EXPECT_TRUE(inv.xmp.empty());
  EXPECT_FALSE(inv.warnings.empty());
  EXPECT_LT(tracker.largest(), 1u << 20);
}

TEST(JpegSegments, TruncationAndBadLengths) {
  ByteVec file = test::jpeg_file({test::jpeg_app1_xmp("<x:xmpmeta/>")});
  for (size_t cut = 0; cut < file.size(); ++cut) {
    Inventory inv{Limits{}};
    Status st = walk(&walk_jpeg, ByteVec(file.begin(), file.begin() + static_cast<long>(cut)), inv);
    EXPECT_FALSE(st.is_ok()) << "cut at " << cut;
  }
  ByteVec bad = {0xFF, 0xD8, 0xFF, 0xE1, 0x00, 0x01};  // length 1 < 2
  Inventory inv{Limits{}};
  EXPECT_EQ(walk(&walk_jpeg, bad, inv).code(), StatusCode::kMalformed);
  ByteVec past = {0xFF, 0xD8, 0xFF, 0xE1, 0xFF, 0xFF, 0x00};  // length past the end
  EXPECT_EQ(walk(&walk_jpeg, past, inv).code(), StatusCode::kTruncated);
}

TEST(JpegSegments, SegmentCountLimit) {
  ByteVec file = {0xFF, 0xD8};
  for (int i = 0; i < 1000; ++i) test::put(file, test::jpeg_segment(0xE2, {}));
  file.push_back(0xFF);
  file.push_back(0xD9);
  Limits limits;
  limits.max_boxes = 100;
  Inventory inv{limits};
  EXPECT_EQ(walk(&walk_jpeg, file, inv).code(), StatusCode::kLimit);
}

TEST(PngChunks, ReadsEveryTextChunkKind) {
  ByteVec file = test::png_file({
      test::png_itxt("XML:com.adobe.xmp", "<x:xmpmeta/>"),
      test::png_text("AIGC", "{}"),
      test::png_ztxt("parameters", "a cat\nSteps: 20"),
      test::png_itxt("Comment", "中文", /*compressed=*/true),
      test::png_chunk("eXIf", test::bytes(std::string_view("MM\0*\0\0\0\x08", 8))),
      test::png_chunk("caBX", test::bytes("jumb")),
  });
  Inventory inv{Limits{}};
  ASSERT_TRUE(walk(&walk_png, file, inv).is_ok());
  ASSERT_EQ(inv.xmp.size(), 1u);
  EXPECT_EQ(inv.xmp[0].carrier, "png:iTXt:XML:com.adobe.xmp");
  ASSERT_EQ(inv.text.size(), 3u);
  EXPECT_EQ(inv.text[0].carrier, "png:tEXt:AIGC");
  EXPECT_EQ(inv.text[1].carrier, "png:zTXt:parameters");
  EXPECT_EQ(inv.text[1].value, "a cat\nSteps: 20");
  EXPECT_EQ(inv.text[2].value, "中文");
  ASSERT_EQ(inv.blobs.size(), 2u);
  EXPECT_EQ(inv.blobs[1].kind, BlobKind::kC2pa);
  EXPECT_TRUE(inv.warnings.empty());
}

TEST(PngChunks, Latin1TextBecomesUtf8) {
  ByteVec file = test::png_file({test::png_text("Author", "Andr\xE9")});
  Inventory inv{Limits{}};
  ASSERT_TRUE(walk(&walk_png, file, inv).is_ok());
  EXPECT_EQ(inv.text[0].value, "Andr\xC3\xA9");
}

TEST(PngChunks, BadCrcIsAWarning) {
  ByteVec d = test::bytes("AIGC");
  d.push_back(0);
  test::put(d, "{}");
  ByteVec file = test::png_file({test::png_chunk("tEXt", d, /*good_crc=*/false)});
  Inventory inv{Limits{}};
  ASSERT_TRUE(walk(&walk_png, file, inv).is_ok());
  ASSERT_EQ(inv.warnings.size(), 1u);
  EXPECT_NE(inv.warnings[0].find("bad CRC"), std::string::npos);
  EXPECT_EQ(inv.text.size(), 1u);
}

TEST(PngChunks, DecompressionBombIsCapped) {
  const std::string zeros(64u << 20, '\0');  // 64 MiB of zeros compresses to ~64 KiB
  ByteVec file = test::png_file({test::png_ztxt("bomb", zeros), test::png_text("after", "still read")});
  Limits limits;
  limits.max_inflated_bytes = 1u << 20;
  test::AllocTracker tracker;
  Inventory inv{limits};
  ASSERT_TRUE(walk(&walk_png, file, inv).is_ok());
  EXPECT_LE(tracker.largest(), (1u << 20) + 4096);
  ASSERT_EQ(inv.text.size(), 1u);
  EXPECT_EQ(inv.text[0].key, "after");
  ASSERT_EQ(inv.warnings.size(), 1u);
  EXPECT_NE(inv.warnings[0].find("expands beyond"), std::string::npos);
}

TEST(PngChunks, TruncationAndHugeLengths) {
  ByteVec file = test::png_file({test::png_text("AIGC", "{}")});
  for (size_t cut = 0; cut < file.size(); ++cut) {
    Inventory inv{Limits{}};
    EXPECT_FALSE(walk(&walk_png, ByteVec(file.begin(), file.begin() + static_cast<long>(cut)), inv).is_ok());
  }
  ByteVec huge = test::bytes("\x89PNG\r\n\x1A\n");
  test::put_u32be(huge, 0x7FFFFFF0u);
  test::put(huge, "tEXtAIGC");
  test::AllocTracker tracker;
  Inventory inv{Limits{}};
  EXPECT_EQ(walk(&walk_png, huge, inv).code(), StatusCode::kTruncated);
  EXPECT_LT(tracker.largest(), 4096u);
  ByteVec impossible = test::bytes("\x89PNG\r\n\x1A\n");
  test::put_u32be(impossible, 0xFFFFFFFFu);
  test::put(impossible, "tEXt");
  EXPECT_EQ(walk(&walk_png, impossible, inv).code(), StatusCode::kMalformed);
}

TEST(WebpContainer, FindsXmpExifAndC2pa) {
  ByteVec file = test::webp_file({test::riff_chunk("EXIF", test::bytes(std::string_view("Exif\0\0II*\0", 10))),
                                  test::riff_chunk("XMP ", test::bytes("<x:xmpmeta/>")),
                                  test::riff_chunk("C2PA", test::bytes("jumb"))});
  Inventory inv{Limits{}};
  ASSERT_TRUE(walk(&walk_webp, file, inv).is_ok());
  ASSERT_EQ(inv.xmp.size(), 1u);
  EXPECT_EQ(inv.xmp[0].carrier, "webp:XMP");
  ASSERT_EQ(inv.blobs.size(), 2u);
  EXPECT_EQ(inv.blobs[0].bytes.size(), 4u);  // "Exif\0\0" prefix removed
  EXPECT_EQ(inv.blobs[1].carrier, "webp:C2PA");
}

TEST(WebpContainer, TruncationAndLyingSizes) {
  ByteVec file = test::webp_file({test::riff_chunk("XMP ", test::bytes("<x:xmpmeta/>"))});
  for (size_t cut = 0; cut < file.size(); ++cut) {
    Inventory inv{Limits{}};
    EXPECT_FALSE(walk(&walk_webp, ByteVec(file.begin(), file.begin() + static_cast<long>(cut)), inv).is_ok())
        << cut;
  }
  ByteVec lying = file;
  lying[4] = lying[5] = lying[6] = lying[7] = 0xFF;  // RIFF size far past the end
  Inventory inv{Limits{}};
  EXPECT_EQ(walk(&walk_webp, lying, inv).code(), StatusCode::kTruncated);
  EXPECT_EQ(inv.xmp.size(), 1u);  // what is there is still read
}

TEST(RiffChunks, DeepListNestingHitsTheDepthLimit) {
  ByteVec inner = test::riff_chunk("data", test::bytes("x"));
  for (int i = 0; i < 200; ++i) {
    ByteVec list = test::bytes("LIST");
    ByteVec payload = test::bytes("wave");
    test::put(payload, inner);
    test::put_u32le(list, static_cast<uint32_t>(payload.size()));
    test::put(list, payload);
    inner = list;
  }
  ByteVec file = test::riff_file("WEBP", {inner});
  Inventory inv{Limits{}};
  EXPECT_EQ(walk(&walk_webp, file, inv).code(), StatusCode::kLimit);
}

TEST(ScanXmp, FindsPacketsAnywhere) {
  std::string s = "junk<x:xmpmeta a='1'>one</x:xmpmeta>more<x:xmpmeta>two</x:xmpmeta><x:xmpmeta>open";
  Inventory inv{Limits{}};
  ASSERT_TRUE(scan_xmp_packets(test::bytes(s), "pdf:xmp", inv).is_ok());
  ASSERT_EQ(inv.xmp.size(), 2u);
  EXPECT_EQ(inv.xmp[1].xml, "<x:xmpmeta>two</x:xmpmeta>");
  EXPECT_EQ(inv.warnings.size(), 1u);
}

TEST(Inventory, MetadataBudget) {
  Limits limits;
  limits.max_metadata_bytes = 10;
  Inventory inv{limits};
  EXPECT_TRUE(inv.add_text("c", "k", "12345").is_ok());
  EXPECT_EQ(inv.add_text("c", "k", "123456789").code(), StatusCode::kLimit);
}

}  // namespace
}  // namespace dsmark
