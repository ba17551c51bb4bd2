#include "format/sniff.h"

#include <gtest/gtest.h>

#include "support/builders.h"

namespace dsmark {
namespace {

Format sniff(std::string_view s) { return sniff_format(std::span<const uint8_t>(reinterpret_cast<const uint8_t*>(s.data()), s.size())); }

TEST(Sniff, ImagesByMagicBytes) {
  EXPECT_EQ(sniff("\xFF\xD8\xFF\xE0"), Format::kJpeg);
  EXPECT_EQ(sniff("\x89PNG\r\n\x1A\n"), Format::kPng);
  EXPECT_EQ(sniff("GIF89a.."), Format::kGif);
  EXPECT_EQ(sniff(std::string_view("II*\0\x08\0\0\0", 8)), Format::kTiff);
  EXPECT_EQ(sniff(std::string_view("RIFF\x10\0\0\0WEBPVP8 ", 16)), Format::kWebp);
}

TEST(Sniff, IsoBmffBrands) {
  auto ftyp = [](std::string_view major, std::string_view compat) {
    std::string s(4, '\0');
    s[3] = static_cast<char>(16 + compat.size());
    return s + "ftyp" + std::string(major) + std::string(4, '\0') + std::string(compat);
  };
  EXPECT_EQ(sniff(ftyp("isom", "isomiso2mp41")), Format::kMp4);
  EXPECT_EQ(sniff(ftyp("qt  ", "qt  ")), Format::kMov);
  EXPECT_EQ(sniff(ftyp("M4A ", "M4A mp42")), Format::kM4a);
  EXPECT_EQ(sniff(ftyp("heic", "mif1heic")), Format::kHeif);
  EXPECT_EQ(sniff(ftyp("avif", "avifmif1")), Format::kAvif);
  EXPECT_EQ(sniff(ftyp("mif1", "mif1avif")), Format::kAvif);
}

TEST(Sniff, AudioVideoAndDocuments) {
  EXPECT_EQ(sniff(std::string_view("RIFF\x10\0\0\0WAVEfmt ", 16)), Format::kWav);
  EXPECT_EQ(sniff(std::string_view("RIFF\x10\0\0\0AVI LIST", 16)), Format::kAvi);
  EXPECT_EQ(sniff("ID3\x04\0\0\0\0\0\0"), Format::kMp3);
  EXPECT_EQ(sniff("fLaC\0\0\0\x22"), Format::kFlac);
  EXPECT_EQ(sniff("FLV\x01\x05"), Format::kFlv);
  EXPECT_EQ(sniff("%PDF-1.7\n"), Format::kPdf);
  EXPECT_EQ(sniff("\x1A\x45\xDF\xA3\x9F\x42\x86\x81\x01\x42\x82\x84webm"), Format::kWebm);
  EXPECT_EQ(sniff("\x1A\x45\xDF\xA3\xA3\x42\x86\x81\x01\x42\x82\x88matroska"), Format::kMkv);
  std::string ogg = std::string("OggS\0\x02", 6) + std::string(20, '\0') + "\x01" + "\x13" + "OpusHead";
  EXPECT_EQ(sniff(ogg), Format::kOpus);
  std::string vorbis = std::string("OggS\0\x02", 6) + std::string(20, '\0') + "\x01" + "\x1E" + "\x01vorbis";
  EXPECT_EQ(sniff(vorbis), Format::kOgg);
  std::string docx = std::string("PK\x03\x04", 4) + "....[Content_Types].xml....word/document.xml";
  EXPECT_EQ(sniff(docx), Format::kDocx);
  std::string xlsx = std::string("PK\x03\x04", 4) + "....[Content_Types].xml....xl/workbook.xml";
  EXPECT_EQ(sniff(xlsx), Format::kXlsx);
  EXPECT_EQ(sniff(std::string("PK\x03\x04", 4) + "plain zip"), Format::kUnknown);
}

TEST(Sniff, TextAndMarkdown) {
  EXPECT_EQ(sniff("Hello, world.\nThis is text."), Format::kText);
  EXPECT_EQ(sniff("本文由AI生成。"), Format::kText);
  EXPECT_EQ(sniff("---\nAIGC:\n  Label: '1'\n---\n# Title\n"), Format::kMarkdown);
  EXPECT_EQ(sniff("# Title\n\nSome [link](http://x).\n"), Format::kMarkdown);
  EXPECT_EQ(sniff("\xFF\xFEH\0i\0"), Format::kText);
  EXPECT_EQ(sniff(std::string("\x00\x01\x02\x03binary", 10)), Format::kUnknown);
}

TEST(Sniff, NeverUsesTheNameAndSurvivesTinyInputs) {
  EXPECT_EQ(sniff(""), Format::kUnknown);
  EXPECT_EQ(sniff("\xFF"), Format::kUnknown);
  EXPECT_EQ(sniff("RIFF"), Format::kUnknown);
  EXPECT_EQ(sniff(std::string("\0\0\0\x08" "ftyp", 8)), Format::kUnknown);
  EXPECT_EQ(sniff("OggS"), Format::kOgg);
}

TEST(Sniff, MediaOfFormat) {
  EXPECT_EQ(media_of(Format::kPng), Media::kImage);
  EXPECT_EQ(media_of(Format::kMp4), Media::kVideo);
  EXPECT_EQ(media_of(Format::kOpus), Media::kAudio);
  EXPECT_EQ(media_of(Format::kDocx), Media::kDocument);
  EXPECT_EQ(media_of(Format::kMarkdown), Media::kText);
}

}  // namespace
}  // namespace dsmark
