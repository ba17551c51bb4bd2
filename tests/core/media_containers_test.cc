// The walkers of issue 3: every carrier of a GB 45438 label, read through verify() from bytes built here, plus the
// reusable readers (ISO-BMFF boxes, EBML, Ogg pages, ID3v2) on damaged and hostile input.
#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <iterator>

#include "container/bmff_boxes.h"
#include "container/ebml_reader.h"
#include "container/id3v2.h"
#include "container/ogg_pages.h"
#include "container/walkers.h"
#include "dsmark/dsmark.h"
#include "support/builders.h"
#include "support/media_builders.h"

namespace dsmark {
namespace {

using test::ByteVec;
using test::bytes;
using test::cat;

const std::string kLabel(test::kLabel1);
const std::string kLabel2 = R"({"Label":"2","ContentProducer":"x","ProduceID":"p","ReservedCode1":"","ContentPropagator":"","PropagateID":"","ReservedCode2":""})";
constexpr std::array<uint8_t, 16> kXmpUuid = {0xBE, 0x7A, 0xCF, 0xCB, 0x97, 0xA9, 0x42, 0xE8,
                                              0x9C, 0x71, 0x99, 0x94, 0x91, 0xE3, 0xAF, 0xAC};
constexpr std::array<uint8_t, 16> kC2paUuid = {0xD8, 0xFE, 0xC3, 0xD6, 0x1B, 0x0E, 0x48, 0x3C,
                                               0x92, 0x97, 0x58, 0x28, 0x87, 0x7E, 0xC4, 0x81};

// The report's marks of one scheme, in report order.
std::vector<const Mark*> marks_of(const Report& r, std::string_view scheme) {
  std::vector<const Mark*> out;
  for (const Mark& m : r.marks) {
    if (m.scheme == scheme) out.push_back(&m);
  }
  return out;
}

// The one GB 45438 label of a report, checked to be in `carrier` and to say "ai".
void expect_label(const Report& r, std::string_view format, std::string_view carrier) {
  EXPECT_EQ(format_name(r.format), format);
  const auto labels = marks_of(r, "gb45438");
  ASSERT_EQ(labels.size(), 1u) << report_to_json(r);
  EXPECT_EQ(labels[0]->carrier, carrier);
  EXPECT_EQ(labels[0]->claim, Claim::kAi);
  EXPECT_TRUE(labels[0]->problems.empty()) << report_to_json(r);
  EXPECT_EQ(r.verdict, Verdict::kAi);
}

// The placeholder C2PA stores these tests embed are found and reported as unreadable, never as an AI claim.
void expect_unreadable_c2pa(const Report& r, std::string_view carrier) {
  const auto c2pa = marks_of(r, "c2pa");
  ASSERT_EQ(c2pa.size(), 1u) << report_to_json(r);
  EXPECT_EQ(c2pa[0]->carrier, carrier);
  EXPECT_EQ(c2pa[0]->claim, Claim::kUnknown);
  EXPECT_FALSE(c2pa[0]->problems.empty());
}

ByteVec mp4_with(const std::vector<ByteVec>& top) {
  ByteVec f = test::ftyp("isom", {"isom", "mp41"});
  for (const ByteVec& b : top) test::put(f, b);
  return f;
}

TEST(Bmff, KeysAfterMdatAndXmpUuid) {
  const ByteVec moov = test::box("moov", test::box("udta", test::mdta_meta({{"encoder", "Lavf60"}, {"AIGC", kLabel}})));
  expect_label(verify(mp4_with({test::box("mdat", ByteVec(100, 0x55)), moov}), "a.mp4"), "mp4",
               "mp4:moov/udta/meta/keys:AIGC");
  const ByteVec xmp = bytes(test::xmp_packet(test::tc260_element(kLabel)));
  expect_label(verify(mp4_with({test::uuid_box(kXmpUuid, xmp), test::box("mdat", {})}), "b.mp4"), "mp4",
               "mp4:uuid:xmp/TC260:AIGC");
}

TEST(Bmff, QuickTimeMetaAtomWithoutFullBoxHeader) {
  // QuickTime writes `meta` as a plain atom (no version/flags) directly in moov.
  ByteVec hdlr(8, 0);
  test::put(hdlr, "mdta");
  hdlr.resize(25, 0);
  ByteVec keys = {0, 0, 0, 0};
  test::put_u32be(keys, 1);
  test::put_u32be(keys, 8 + 24);
  test::put(keys, "mdtacom.apple.quicktime.AIGC");
  ByteVec data;
  test::put_u32be(data, 1);
  test::put_u32be(data, 0);
  test::put(data, kLabel);
  ByteVec item;
  test::put_u32be(item, static_cast<uint32_t>(test::box("data", data).size() + 8));
  test::put_u32be(item, 1);
  test::put(item, test::box("data", data));
  const ByteVec meta = test::box("meta", cat({test::box("hdlr", hdlr), test::box("keys", keys), test::box("ilst", item)}));
  ByteVec f = test::ftyp("qt  ");
  test::put(f, test::box("moov", meta));
  expect_label(verify(f, "q.mov"), "mov", "mov:moov/meta/keys:com.apple.quicktime.AIGC");
}

TEST(Bmff, HeifXmpAndExifItemsAndC2paUuid) {
  // meta: hdlr pict, iinf (infe v2: item 1 mime rdf+xml, item 2 Exif), iloc v1 (item 1 in idat, item 2 in the file).
  const std::string xmp = test::xmp_packet(test::tc260_element(kLabel));
  const ByteVec tiff = test::tiff_block({{0x010E, 2, bytes("{\"AIGC\":" + kLabel2 + "}\0")}});
  ByteVec exif_item;
  test::put_u32be(exif_item, 6);
  test::put(exif_item, std::string_view("Exif\0\0", 6));
  test::put(exif_item, tiff);
  auto infe = [](uint16_t id, std::string_view type, std::string_view content) {
    ByteVec p;
    test::put_u16be(p, id);
    test::put_u16be(p, 0);
    test::put(p, type);
    p.push_back(0);  // name
    if (!content.empty()) {
      test::put(p, content);
      p.push_back(0);
    }
    return test::full_box("infe", 2, 0, p);
  };
  ByteVec iinf_p;
  test::put_u16be(iinf_p, 2);
  test::put(iinf_p, infe(1, "mime", "application/rdf+xml"));
  test::put(iinf_p, infe(2, "Exif", ""));
  const ByteVec iinf = test::full_box("iinf", 0, 0, iinf_p);
  const ByteVec hdlr = test::full_box("hdlr", 0, 0, cat({ByteVec(4, 0), bytes("pict"), ByteVec(13, 0)}));
  // Lay the file out with a placeholder iloc, then fill in the Exif offset.
  auto build = [&](uint32_t exif_offset) {
    ByteVec iloc_p = {0x44, 0x00};  // offset_size 4, length_size 4, base_offset_size 0, index_size 0
    test::put_u16be(iloc_p, 2);
    test::put_u16be(iloc_p, 1);      // item 1
    test::put_u16be(iloc_p, 1);      // construction method 1 (idat)
    test::put_u16be(iloc_p, 0);      // data reference
    test::put_u16be(iloc_p, 1);      // extents
    test::put_u32be(iloc_p, 0);
    test::put_u32be(iloc_p, static_cast<uint32_t>(xmp.size()));
    test::put_u16be(iloc_p, 2);      // item 2
    test::put_u16be(iloc_p, 0);      // construction method 0 (file)
    test::put_u16be(iloc_p, 0);
    test::put_u16be(iloc_p, 1);
    test::put_u32be(iloc_p, exif_offset);
    test::put_u32be(iloc_p, static_cast<uint32_t>(exif_item.size()));
    const ByteVec meta = test::full_box("meta", 0, 0, cat({hdlr, iinf, test::full_box("iloc", 1, 0, iloc_p), test::box("idat", bytes(xmp))}));
    return cat({test::ftyp("heic", {"mif1", "heic"}), meta, test::uuid_box(kC2paUuid, bytes("jumbf-store")), test::box("mdat", exif_item)});
  };
  ByteVec f = build(0);
  f = build(static_cast<uint32_t>(f.size() - exif_item.size()));
  const Report r = verify(f, "a.heic");
  EXPECT_EQ(format_name(r.format), "heif");
  const auto labels = marks_of(r, "gb45438");
  ASSERT_EQ(labels.size(), 2u) << report_to_json(r);
  EXPECT_EQ(labels[0]->carrier, "heif:meta/item:xmp/TC260:AIGC");
  EXPECT_EQ(labels[1]->carrier, "heif:meta/item:Exif/IFD0:ImageDescription");
  expect_unreadable_c2pa(r, "heif:uuid:c2pa/c2pa");
  EXPECT_EQ(r.verdict, Verdict::kAi);
  Inventory inv{Limits{}};
  ASSERT_TRUE(walk_bmff(f, inv).is_ok());
  ASSERT_EQ(inv.blobs.size(), 2u);  // the C2PA store, then the Exif item (resolved after the walk)
  EXPECT_EQ(inv.blobs[0].kind, BlobKind::kC2pa);
  EXPECT_EQ(inv.blobs[0].carrier, "heif:uuid:c2pa");
  EXPECT_EQ(std::string(inv.blobs[0].bytes.begin(), inv.blobs[0].bytes.end()), "jumbf-store");
  EXPECT_EQ(inv.blobs[1].kind, BlobKind::kExif);
  std::vector<std::string> names;
  for (const auto& u : inv.layout) names.push_back(u.name);
  EXPECT_EQ(names, (std::vector<std::string>{"ftyp", "meta", "uuid", "mdat"}));
}

TEST(Bmff, DeepNestingAndBrokenSizesStopCleanly) {
  ByteVec nested = test::box("udta", {});
  for (int i = 0; i < 5000; ++i) nested = test::box("moov", nested);
  const auto t0 = std::chrono::steady_clock::now();
  Report r = verify(mp4_with({nested}), "deep.mp4");
  EXPECT_LT(std::chrono::steady_clock::now() - t0, std::chrono::seconds(2));
  EXPECT_NE(r.verdict, Verdict::kAi);
  // A size smaller than the header: a plain error, no crash.
  ByteVec bad = mp4_with({});
  test::put(bad, ByteVec{0, 0, 0, 4, 'm', 'o', 'o', 'v'});
  r = verify(bad, "bad.mp4");
  EXPECT_TRUE(r.warnings.empty() || r.error.has_value() || r.verdict == Verdict::kNone);
  // Every truncation of a labelled file yields a report.
  const ByteVec good = mp4_with({test::box("moov", test::box("udta", test::mdta_meta({{"AIGC", kLabel}})))});
  for (size_t n = 0; n < good.size(); ++n) (void)verify(ByteVec(good.begin(), good.begin() + n), "cut.mp4");
}

TEST(BmffIterator, LargesizeToEndAndTruncation) {
  ByteVec data;
  test::put_u32be(data, 1);
  test::put(data, "free");
  test::put_u64be(data, 24);
  test::put(data, ByteVec(8, 1));
  test::put_u32be(data, 0);  // size 0: to the end
  test::put(data, "mdat");
  test::put(data, ByteVec(5, 2));
  BmffBudget budget{Limits{}};
  BmffIterator it(data, 100, 0, budget);
  BmffBox b;
  bool done = false;
  ASSERT_TRUE(it.next(b, done).is_ok());
  EXPECT_EQ(b.type, "free");
  EXPECT_EQ(b.header_size, 16u);
  EXPECT_EQ(b.payload.size(), 8u);
  EXPECT_EQ(b.offset, 100u);
  ASSERT_TRUE(it.next(b, done).is_ok());
  EXPECT_TRUE(b.to_end);
  EXPECT_EQ(b.payload.size(), 5u);
  ASSERT_TRUE(it.next(b, done).is_ok());
  EXPECT_TRUE(done);
  ByteVec cut = {0, 0, 1, 0, 'm', 'd', 'a', 't', 1, 2};
  BmffIterator c(cut, 0, 0, budget);
  ASSERT_TRUE(c.next(b, done).is_ok());
  EXPECT_TRUE(b.truncated);
  EXPECT_EQ(b.payload.size(), 2u);
}

TEST(Matroska, SimpleTagsGlobalTrackAndNested) {
  const ByteVec tags = test::ebml(
      0x1254C367,
      cat({test::ebml(0x7373, cat({test::ebml(0x63C0, {}), test::ebml(0x67C8, cat({test::ebml_str(0x45A3, "AIGC"),
                                                                                      test::ebml_str(0x4487, kLabel)}))})),
           test::ebml(0x7373, cat({test::ebml(0x63C0, test::ebml_uint(0x63C5, 42)),
                                   test::ebml(0x67C8, cat({test::ebml_str(0x45A3, "TITLE"), test::ebml_str(0x4487, "x"),
                                                           test::ebml(0x67C8, cat({test::ebml_str(0x45A3, "AIGC"),
                                                                                   test::ebml_str(0x4487, kLabel2)}))}))}))}));
  const ByteVec cluster = test::ebml(0x1F43B675, ByteVec(50, 0xA3));
  const Report r = verify(test::matroska_file("webm", cat({cluster, tags})), "a.webm");
  EXPECT_EQ(format_name(r.format), "webm");
  ASSERT_EQ(r.marks.size(), 2u) << report_to_json(r);
  EXPECT_EQ(r.marks[0].carrier, "webm:Segment/Tags/Tag/SimpleTag:AIGC");
  EXPECT_EQ(r.marks[1].carrier, "webm:Segment/Tags/Tag[TrackUID=42]/SimpleTag/SimpleTag:AIGC");
  EXPECT_EQ(r.verdict, Verdict::kAi);
}

TEST(Matroska, UnknownSizeSegmentAndClusters) {
  // A live recording: Segment and Cluster of unknown size, Tags after the cluster.
  const ByteVec cluster = test::ebml_unknown(0x1F43B675, cat({test::ebml_uint(0xE7, 0), test::ebml(0xA3, ByteVec(20, 1))}));
  const ByteVec f = test::matroska_file("matroska", cat({cluster, test::matroska_tags({{"AIGC", kLabel}})}), true);
  expect_label(verify(f, "live.mkv"), "mkv", "mkv:Segment/Tags/Tag/SimpleTag:AIGC");
}

TEST(EbmlReader, InvalidIdsAndDepthLimit) {
  EbmlBudget budget{Limits{}};
  const ByteVec zero = {0x00, 0x81, 0x00, 0x01};
  EbmlReader r(zero, 0, 0, budget);
  EbmlElement e;
  bool done = false;
  EXPECT_EQ(r.next(e, done).code(), StatusCode::kMalformed);
  // 1000 nested elements: the walker stops at the depth limit, quickly.
  ByteVec nested = test::matroska_tags({{"AIGC", kLabel}});
  for (int i = 0; i < 1000; ++i) nested = test::ebml(0x1254C367, nested);
  const Report deep = verify(test::matroska_file("webm", nested), "deep.webm");
  EXPECT_NE(deep.verdict, Verdict::kAi);
}

TEST(Ogg, OpusTagsVorbisAndDamage) {
  expect_label(verify(test::opus_file({"ENCODER=opusenc", "AIGC=" + kLabel}), "a.opus"), "opus", "opus:OpusTags:AIGC");
  ByteVec ident = {0x01};
  test::put(ident, "vorbis");
  ident.resize(30, 0);
  const ByteVec comment = cat({ByteVec{0x03}, bytes("vorbis"), test::vorbis_comment_block("Lavf", {"AIGC=" + kLabel}), ByteVec{1}});
  const ByteVec ogg = cat({test::ogg_page(3, 0, 0x02, ident), test::ogg_page(3, 1, 0, comment)});
  expect_label(verify(ogg, "a.ogg"), "ogg", "ogg:VorbisComment:AIGC");
  // Junk between pages: skipped to the next capture pattern, with a warning.
  ByteVec junk = cat({test::ogg_page(3, 0, 0x02, ident), ByteVec(40, 0x11), test::ogg_page(3, 1, 0, comment)});
  const Report r = verify(junk, "j.ogg");
  EXPECT_EQ(r.verdict, Verdict::kAi);
  EXPECT_FALSE(r.warnings.empty());
}

TEST(OggPages, CrcAndPacketsAcrossPages) {
  const ByteVec big(600, 0x42);
  // One 600-byte packet over two pages: 255+255 then continued 90.
  ByteVec p1 = test::ogg_page(1, 0, 0x02, ByteVec(big.begin(), big.begin() + 510));
  p1[26] = 2;  // lacing 255 255: the packet continues
  p1.erase(p1.begin() + 27 + 2);
  const uint32_t crc = test::ogg_crc([&] { ByteVec z = p1; z[22] = z[23] = z[24] = z[25] = 0; return z; }());
  for (int i = 0; i < 4; ++i) p1[22 + i] = static_cast<uint8_t>(crc >> (8 * i));
  const ByteVec p2 = test::ogg_page(1, 1, 0x01, ByteVec(90, 0x42));
  const ByteVec file = cat({p1, p2});
  OggPageReader reader(file);
  OggPacketAssembler packets(1 << 20);
  size_t got = 0;
  for (int i = 0; i < 2; ++i) {
    OggPage page;
    bool done = false;
    ASSERT_TRUE(reader.next(page, done).is_ok());
    EXPECT_TRUE(ogg_page_crc_ok(page));
    packets.feed(page, [&](Bytes packet, bool) {
      got = packet.size();
      return true;
    });
  }
  EXPECT_EQ(got, 600u);
}

TEST(Id3, VersionsUnsyncCompressionAndFooter) {
  // ID3v2.4 TXXX with per-frame unsynchronisation and a data length indicator.
  ByteVec body = test::id3_txxx("AIGC", kLabel);
  ByteVec framed = cat({test::synchsafe(static_cast<uint32_t>(body.size())), body});
  ByteVec v24 = test::id3_tag(4, test::id3_frame(4, "TXXX", framed, 0x0001));
  test::put(v24, ByteVec{0xFF, 0xFB, 0x90, 0x00});
  expect_label(verify(v24, "a.mp3"), "mp3", "mp3:ID3v2.4:TXXX:AIGC");
  // ID3v2.3 zlib-compressed frame.
  const ByteVec z = test::zlib_compress(std::string(body.begin(), body.end()));
  ByteVec comp;
  test::put_u32be(comp, static_cast<uint32_t>(body.size()));
  test::put(comp, z);
  const ByteVec v23 = test::id3_tag(3, test::id3_frame(3, "TXXX", comp, 0x0080));
  expect_label(verify(v23, "b.mp3"), "mp3", "mp3:ID3v2.3:TXXX:AIGC");
  // The hostile case: a compressed frame shorter than its 4-byte size field.
  const ByteVec under = test::id3_tag(3, test::id3_frame(3, "TIT2", ByteVec{0, 'a', 'b'}, 0x0080));
  const Report r = verify(under, "u.mp3");
  EXPECT_EQ(r.verdict, Verdict::kNone);
  ASSERT_FALSE(r.warnings.empty());
  // A C2PA store in GEOB.
  ByteVec geob = {0};
  test::put(geob, std::string_view("application/c2pa\0f\0d\0", 22));
  test::put(geob, "store");
  Inventory inv{Limits{}};
  size_t size = 0;
  ASSERT_TRUE(read_id3v2(test::id3_tag(4, test::id3_frame(4, "GEOB", geob)), "mp3", inv, size).is_ok());
  ASSERT_EQ(inv.blobs.size(), 1u);
  EXPECT_EQ(inv.blobs[0].kind, BlobKind::kC2pa);
  EXPECT_EQ(inv.blobs[0].carrier, "mp3:ID3v2.4:GEOB:application/c2pa");
}

TEST(Flac, VorbisCommentAfterLeadingId3) {
  ByteVec f = test::id3_tag(3, test::id3_frame(3, "TIT2", ByteVec{0, 'x'}));
  test::put(f, "fLaC");
  ByteVec streaminfo(34, 0);
  f.push_back(0x00);
  test::put_u24be(f, 34);
  test::put(f, streaminfo);
  const ByteVec vc = test::vorbis_comment_block("ref", {"AIGC=" + kLabel});
  f.push_back(0x84);  // last block, type 4
  test::put_u24be(f, static_cast<uint32_t>(vc.size()));
  test::put(f, vc);
  expect_label(verify(f, "a.flac"), "flac", "flac:VORBIS_COMMENT:AIGC");
}

TEST(Flv, OnMetaData) {
  expect_label(verify(test::flv_file({{"encoder", "Lavf"}, {"AIGC", kLabel}}), "a.flv"), "flv", "flv:onMetaData:AIGC");
  ByteVec cut = test::flv_file({{"AIGC", kLabel}});
  cut.resize(cut.size() - 30);
  EXPECT_NE(verify(cut, "cut.flv").verdict, Verdict::kAi);
}

TEST(Riff, WavChunkInfoAndNestedBomb) {
  const ByteVec fmt(16, 0);
  const ByteVec wav = test::riff_file("WAVE", {test::riff_chunk("fmt ", fmt), test::riff_chunk("data", ByteVec(8, 0)),
                                               test::riff_chunk("AIGC", bytes(kLabel))});
  expect_label(verify(wav, "a.wav"), "wav", "wav:AIGC");
  ByteVec info = bytes("INFO");
  test::put(info, test::riff_chunk("AIGC", bytes(kLabel + std::string(1, '\0'))));
  const ByteVec avi = test::riff_file("AVI ", {test::riff_chunk("LIST", cat({bytes("movi"), test::riff_chunk("00dc", ByteVec(4, 0))})),
                                               test::riff_chunk("LIST", info)});
  expect_label(verify(avi, "a.avi"), "avi", "avi:LIST-INFO:AIGC");
  ByteVec bomb = test::riff_chunk("ICMT", bytes("x"));
  for (int i = 0; i < 2000; ++i) bomb = test::riff_chunk("LIST", cat({bytes("INFO"), bomb}));
  const Report r = verify(test::riff_file("WAVE", {test::riff_chunk("fmt ", fmt), bomb}), "bomb.wav");
  EXPECT_EQ(r.verdict, Verdict::kNone);
  EXPECT_FALSE(r.error.has_value());
}

TEST(Gif, XmpCommentAndC2paBlocks) {
  const std::string xmp = test::xmp_packet(test::tc260_element(kLabel));
  ByteVec comment = {0x21, 0xFE, 5};
  test::put(comment, "hello");
  comment.push_back(0);
  const ByteVec f = test::gif_file({test::gif_xmp(xmp), comment, test::gif_app(std::string_view("C2PA_GIF\x01\x00\x00", 11), bytes("store"))});
  const Report r = verify(f, "a.gif");
  expect_label(r, "gif", "gif:XMP DataXMP/TC260:AIGC");
  expect_unreadable_c2pa(r, "gif:C2PA_GIF/c2pa");
  Inventory inv{Limits{}};
  ASSERT_TRUE(walk_gif(f, inv).is_ok());
  ASSERT_EQ(inv.blobs.size(), 1u);
  EXPECT_EQ(inv.blobs[0].carrier, "gif:C2PA_GIF");
  std::vector<std::string> names;
  for (const auto& u : inv.layout) names.push_back(u.name);
  EXPECT_EQ(names, (std::vector<std::string>{"GIF89a", "LSD", "GCT", "21FF", "21FE", "C2PA", "2C", "TBID", "3B"}));
  EXPECT_EQ(inv.layout.back().offset + inv.layout.back().length, f.size());
}

TEST(Tiff, XmpTagDescriptionAndC2paTag) {
  const std::string xmp = test::xmp_packet(test::tc260_element(kLabel));
  const ByteVec tiff = test::tiff_block({{0x02BC, 1, bytes(xmp)}, {0xCD41, 7, bytes("store")}});
  const Report r = verify(tiff, "a.tif");
  expect_label(r, "tiff", "tiff:IFD0:XMP/TC260:AIGC");
  expect_unreadable_c2pa(r, "tiff:IFD0:C2PA/c2pa");
  const ByteVec desc = test::tiff_block({{0x010E, 2, bytes("{\"AIGC\":" + kLabel + "}\0")}});
  expect_label(verify(desc, "b.tif"), "tiff", "tiff:IFD0:ImageDescription");
}

TEST(Exif, UserCommentCharsetsInEveryContainer) {
  // Tencent writes the wrapped label in EXIF UserComment with the ASCII character code.
  const std::string wrapped = "{\"AIGC\":" + kLabel + "}";
  const ByteVec uc = cat({bytes(std::string_view("ASCII\0\0\0", 8)), bytes(wrapped)});
  const ByteVec tiff = test::tiff_block({}, {{0x9286, 7, uc}});
  ByteVec app1 = bytes(std::string_view("Exif\0\0", 6));
  test::put(app1, tiff);
  expect_label(verify(test::jpeg_file({test::jpeg_segment(0xE1, app1)}), "a.jpg"), "jpeg", "jpeg:APP1:exif/ExifIFD:UserComment");
  expect_label(verify(test::png_file({test::png_chunk("eXIf", tiff)}), "a.png"), "png", "png:eXIf/ExifIFD:UserComment");
  expect_label(verify(test::webp_file({test::riff_chunk("EXIF", tiff)}), "a.webp"), "webp", "webp:EXIF/ExifIFD:UserComment");
  // UNICODE: UTF-16 in either byte order.
  for (bool be : {true, false}) {
    ByteVec u = bytes(std::string_view("UNICODE\0", 8));
    for (char c : wrapped) {
      if (be) u.push_back(0);
      u.push_back(static_cast<uint8_t>(c));
      if (!be) u.push_back(0);
    }
    const ByteVec t = test::tiff_block({}, {{0x9286, 7, u}});
    expect_label(verify(test::png_file({test::png_chunk("eXIf", t)}), "u.png"), "png", "png:eXIf/ExifIFD:UserComment");
  }
}

TEST(Pdf, InfoIncrementalUpdateXmpAndObjectStream) {
  ByteVec f = test::pdf_file({"<< /Type /Catalog /Pages 2 0 R >>", "<< /Type /Pages /Kids [] /Count 0 >>",
                              "<< /Producer (x) /AIGC (old) >>"},
                             "/Root 1 0 R /Info 3 0 R");
  // An incremental update replacing object 3, with escapes in the literal string.
  std::string label_escaped;
  for (char c : kLabel) {
    if (c == '(' || c == ')' || c == '\\') label_escaped += '\\';
    label_escaped += c;
  }
  test::put(f, "3 0 obj\n<< /Producer (x) /AIGC (" + label_escaped + ") >>\nendobj\ntrailer\n<< /Size 4 /Root 1 0 R /Info 3 0 R /Prev 9 >>\n%%EOF\n");
  expect_label(verify(f, "a.pdf"), "pdf", "pdf:Info:AIGC");
  // XMP in a FlateDecode metadata stream.
  const std::string xmp = test::xmp_packet(test::tc260_element(kLabel));
  const ByteVec z = test::zlib_compress(xmp);
  const std::string stream = "<< /Type /Metadata /Subtype /XML /Filter /FlateDecode /Length " + std::to_string(z.size()) +
                             " >>\nstream\n" + std::string(z.begin(), z.end()) + "\nendstream";
  const ByteVec g = test::pdf_file({"<< /Type /Catalog /Metadata 2 0 R >>", stream}, "/Root 1 0 R");
  expect_label(verify(g, "b.pdf"), "pdf", "pdf:Metadata/TC260:AIGC");
  // The Info dictionary inside a compressed object stream (PDF 1.5).
  const std::string objs = "5 0 << /AIGC (" + label_escaped + ") >>";
  const ByteVec zo = test::zlib_compress(objs);
  const std::string objstm = "<< /Type /ObjStm /N 1 /First 4 /Filter /FlateDecode /Length " + std::to_string(zo.size()) +
                             " >>\nstream\n" + std::string(zo.begin(), zo.end()) + "\nendstream";
  const ByteVec h = test::pdf_file({"<< /Type /Catalog >>", objstm}, "/Root 1 0 R /Info 5 0 R");
  expect_label(verify(h, "c.pdf"), "pdf", "pdf:Info:AIGC");
}

TEST(Pdf, EncryptedAndHexStrings) {
  const ByteVec hex = test::pdf_file({"<< /Type /Catalog >>", "<< /AIGC <FEFF007B0022004C006100620065006C0022003A002200310022007D> >>"},
                                     "/Root 1 0 R /Info 2 0 R");
  const Report r = verify(hex, "h.pdf");
  ASSERT_EQ(r.marks.size(), 1u);
  EXPECT_EQ(r.marks[0].fields.find("Label")->as_string(), "1");
  const ByteVec enc = test::pdf_file({"<< /Type /Catalog >>", "<< /AIGC (x) >>"}, "/Root 1 0 R /Info 2 0 R /Encrypt 3 0 R");
  const Report e = verify(enc, "e.pdf");
  EXPECT_TRUE(e.marks.empty());
  ASSERT_EQ(e.warnings.size(), 1u);
  EXPECT_NE(e.warnings[0].find("encrypted"), std::string::npos);
}

TEST(Ooxml, CustomPropertiesCoreAndApp) {
  const std::string custom =
      "<?xml version=\"1.0\"?><Properties xmlns:vt=\"x\"><property fmtid=\"{D5CDD505}\" pid=\"2\" name=\"AIGC\"><vt:lpwstr>" +
      test::xml_escape(kLabel) + "</vt:lpwstr></property><property name=\"Other\"><vt:i4>3</vt:i4></property></Properties>";
  expect_label(verify(test::docx_with_custom(custom), "a.docx"), "docx", "docx:docProps/custom.xml:AIGC");
  // Damaged: the central directory points past the end.
  ByteVec bad = test::docx_with_custom(custom);
  bad[bad.size() - 6] = 0xFF;
  const Report r = verify(bad, "bad.docx");
  EXPECT_EQ(r.verdict, Verdict::kError);
}

TEST(Markdown, FrontMatterForms) {
  const std::string block =
      "---\ntitle: x\nAIGC:\n    Label: \"1\"\n    ContentProducer: 001191440300708461136T1XGW3\n    ProduceID: abc\n"
      "    ReservedCode1: ''\n    ContentPropagator: 001191440300708461136T1XGW3\n    PropagateID: abc\n    ReservedCode2: ''\n---\n# Body\n";
  Report r = verify(bytes(block), "a.md");
  expect_label(r, "markdown", "markdown:front-matter:AIGC");
  EXPECT_EQ(r.marks[0].fields.find("producer")->find("provider")->as_string(), "Tencent");
  const std::string inline_json = "---\nAIGC: " + kLabel + "\n---\ntext\n";
  expect_label(verify(bytes(inline_json), "b.md"), "markdown", "markdown:front-matter:AIGC");
  const std::string quoted = "---\nAIGC: '" + kLabel + "'\n---\ntext\n";
  expect_label(verify(bytes(quoted), "c.md"), "markdown", "markdown:front-matter:AIGC");
  // Real MiniMax front matter: "Label: AIGC", bare provider names.
  const std::string minimax =
      "---\nAIGC:\n    ContentProducer: Minimax Agent AI\n    ContentPropagator: Minimax Agent AI\n    Label: AIGC\n"
      "    ProduceID: \"0000\"\n    PropagateID: \"0000\"\n    ReservedCode1: 3045022033db164e70579ab2f23ff4a1a41482ca44fbb710a1558f1245870f5a2f0e329102210090c01fab9a3cfe620c866bef2a3e78c3d1a7e55bce58cdad9ad4498f94d6805e\n"
      "    ReservedCode2: ''\n---\n# Notes\n";
  r = verify(bytes(minimax), "m.md");
  ASSERT_EQ(r.marks.size(), 1u) << report_to_json(r);
  EXPECT_EQ(r.marks[0].claim, Claim::kAi);
  EXPECT_EQ(r.marks[0].fields.find("producer")->find("provider")->as_string(), "MiniMax");
  EXPECT_EQ(r.marks[0].fields.find("producer")->find("matched_by")->as_string(), "name");
  EXPECT_EQ(r.marks[0].fields.find("reserved_code1")->find("form")->as_string(), "signature");
  // No front matter, or no closing line: no mark.
  EXPECT_TRUE(verify(bytes("# Title\n\nAIGC: {\"Label\":\"1\"}\n"), "d.md").marks.empty());
  EXPECT_TRUE(verify(bytes("---\nAIGC: " + kLabel + "\n"), "e.md").marks.empty());
}

TEST(HostileFixtures, ReportOrPlainErrorQuickly) {
  const std::string dir = std::string(DSMARK_SHARED_DIR) + "/fixtures/hostile";
  if (!std::filesystem::exists(dir)) GTEST_SKIP() << "../shared/fixtures is absent (" << dir << ")";
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    std::ifstream in(entry.path(), std::ios::binary);
    const ByteVec data((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    const auto t0 = std::chrono::steady_clock::now();
    const Report r = verify(data, entry.path().filename().string());
    EXPECT_LT(std::chrono::steady_clock::now() - t0, std::chrono::milliseconds(500)) << entry.path();
    EXPECT_NE(r.verdict, Verdict::kAi) << entry.path();
    if (r.error) EXPECT_FALSE(r.error->message.empty());
  }
}

}  // namespace
}  // namespace dsmark

namespace dsmark {
namespace {

// Where the C2PA manifest store lives (REFERENCE.md §4): kept as kC2pa blobs, named by carrier, for the C2PA reader.
TEST(C2paStores, CapturedInEveryNewCarrier) {
  auto blobs_of = [](WalkFn walk, const ByteVec& file) {
    Inventory inv{Limits{}};
    (void)walk(file, inv);
    std::vector<std::pair<std::string, std::string>> out;
    for (const Blob& b : inv.blobs) {
      if (b.kind == BlobKind::kC2pa) out.emplace_back(b.carrier, std::string(b.bytes.begin(), b.bytes.end()));
    }
    return out;
  };
  using Pairs = std::vector<std::pair<std::string, std::string>>;
  EXPECT_EQ(blobs_of(&walk_tiff, test::tiff_block({{0xCD41, 7, bytes("store-t")}})), (Pairs{{"tiff:IFD0:C2PA", "store-t"}}));
  EXPECT_EQ(blobs_of(&walk_wav, test::riff_file("WAVE", {test::riff_chunk("fmt ", ByteVec(16, 0)), test::riff_chunk("C2PA", bytes("store-w"))})),
            (Pairs{{"wav:C2PA", "store-w"}}));
  EXPECT_EQ(blobs_of(&walk_avi, test::riff_file("AVI ", {test::riff_chunk("C2PA", bytes("store-a"))})), (Pairs{{"avi:C2PA", "store-a"}}));
  const std::string store = "<< /Type /EmbeddedFile /Subtype /application#2Fc2pa /Length 7 >>\nstream\nstore-p\nendstream";
  const ByteVec pdf = test::pdf_file({"<< /Type /Catalog /AF [3 0 R] >>", store,
                                      "<< /Type /Filespec /F (manifest.c2pa) /AFRelationship /C2PA_Manifest /EF << /F 2 0 R >> >>"},
                                     "/Root 1 0 R");
  EXPECT_EQ(blobs_of(&walk_pdf, pdf), (Pairs{{"pdf:EmbeddedFile:C2PA_Manifest", "store-p"}}));
  ByteVec flac = test::id3_tag(4, test::id3_frame(4, "GEOB", [] {
    ByteVec g = {0};
    test::put(g, std::string_view("application/x-c2pa-manifest-store\0\0\0", 36));
    test::put(g, "store-f");
    return g;
  }()));
  test::put(flac, ByteVec{'f', 'L', 'a', 'C', 0x80, 0, 0, 0});
  EXPECT_EQ(blobs_of(&walk_flac, flac), (Pairs{{"flac:ID3v2.4:GEOB:application/x-c2pa-manifest-store", "store-f"}}));
}

}  // namespace
}  // namespace dsmark
