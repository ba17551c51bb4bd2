// Text decoding: encodings chosen from the bytes, GB18030 checked code by code against the system's iconv,
// positions (code points, UTF-16 units, lines, columns) after line-break normalisation, and sniffing.
#include <iconv.h>

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "format/sniff.h"
#include "text/gb18030.h"
#include "text/text_decode.h"
#include "text/text_document.h"

namespace dsmark {
namespace {

std::span<const uint8_t> bytes_of(std::string_view s) {
  return {reinterpret_cast<const uint8_t*>(s.data()), s.size()};
}

// iconv's reading of one GB18030 code: the code point, or -1 when iconv refuses it.
long iconv_gb18030(iconv_t cd, const std::string& code) {
  std::string in = code;
  char out[16];
  char* ip = in.data();
  char* op = out;
  size_t il = in.size(), ol = sizeof out;
  iconv(cd, nullptr, nullptr, nullptr, nullptr);
  if (iconv(cd, &ip, &il, &op, &ol) == static_cast<size_t>(-1) || il != 0 || op - out != 4) return -1;
  const auto* u = reinterpret_cast<const unsigned char*>(out);
  return static_cast<long>(u[0]) << 24 | u[1] << 16 | u[2] << 8 | u[3];
}

TEST(Gb18030, EveryTwoByteAndBmpFourByteCodeMatchesIconv) {
  iconv_t cd = iconv_open("UTF-32BE", "GB18030");
  if (cd == reinterpret_cast<iconv_t>(-1)) GTEST_SKIP() << "iconv has no GB18030 converter here";
  size_t checked = 0, mismatches = 0;
  auto check = [&](const std::string& code) {
    const long want = iconv_gb18030(cd, code);
    char32_t cp = 0;
    const size_t n = gb18030_decode_one(reinterpret_cast<const uint8_t*>(code.data()), code.size(), cp);
    const long got = n == code.size() ? static_cast<long>(cp) : -1;
    ++checked;
    if (got != want && ++mismatches <= 5) ADD_FAILURE() << "code " << ::testing::PrintToString(code) << ": " << got << " vs iconv " << want;
    // What decodes must encode back to the same bytes.
    if (got >= 0) {
      std::string back;
      ASSERT_TRUE(gb18030_encode(cp, back));
      if (back != code && ++mismatches <= 5) ADD_FAILURE() << "U+" << std::hex << got << " encodes differently";
    }
  };
  for (int lead = 0x81; lead <= 0xFE; ++lead) {
    for (int trail = 0x40; trail <= 0xFE; ++trail) {
      if (trail == 0x7F) continue;
      check(std::string{static_cast<char>(lead), static_cast<char>(trail)});
    }
  }
  for (uint32_t p = 0; p < 39420; ++p) {
    const std::string code = {static_cast<char>(0x81 + p / 12600), static_cast<char>(0x30 + p / 1260 % 10),
                              static_cast<char>(0x81 + p / 10 % 126), static_cast<char>(0x30 + p % 10)};
    check(code);
  }
  // Supplementary planes are linear from 0x90308130: spot checks.
  for (uint32_t cp : {0x10000u, 0x20000u, 0x2A6D6u, 0x1F600u, 0x10FFFFu}) {
    std::string code;
    ASSERT_TRUE(gb18030_encode(cp, code));
    check(code);
  }
  iconv_close(cd);
  EXPECT_EQ(mismatches, 0u);
  EXPECT_GT(checked, 63000u);
}

TEST(Gb18030, InvalidSequences) {
  char32_t cp;
  const uint8_t lone[] = {0x81};
  EXPECT_EQ(gb18030_decode_one(lone, 1, cp), 0u);
  const uint8_t bad_trail[] = {0x81, 0x20};
  EXPECT_EQ(gb18030_decode_one(bad_trail, 2, cp), 0u);
  const uint8_t cut_four[] = {0x81, 0x30, 0x81};
  EXPECT_EQ(gb18030_decode_one(cut_four, 3, cp), 0u);
  const uint8_t past_unicode[] = {0xFE, 0x39, 0xFE, 0x39};
  EXPECT_EQ(gb18030_decode_one(past_unicode, 4, cp), 0u);
  const uint8_t x80[] = {0x80};
  EXPECT_EQ(gb18030_decode_one(x80, 1, cp), 0u);
}

TEST(DecodeText, ChoosesTheEncoding) {
  const std::string zh = "本文由AI生成。";
  DecodedText d = decode_text(bytes_of(zh));
  EXPECT_EQ(d.encoding, TextEncoding::kUtf8);
  EXPECT_FALSE(d.bom);
  EXPECT_EQ(d.utf8, zh);

  d = decode_text(bytes_of("\xEF\xBB\xBF" + zh));
  EXPECT_TRUE(d.bom);
  EXPECT_EQ(d.utf8, zh);

  const std::string le = encode_text(zh, TextEncoding::kUtf16Le, true);
  d = decode_text(bytes_of(le));
  EXPECT_EQ(d.encoding, TextEncoding::kUtf16Le);
  EXPECT_EQ(d.utf8, zh);
  const std::string be = encode_text(zh, TextEncoding::kUtf16Be, true);
  d = decode_text(bytes_of(be));
  EXPECT_EQ(d.encoding, TextEncoding::kUtf16Be);
  EXPECT_EQ(d.utf8, zh);

  const std::string gb = encode_text(zh, TextEncoding::kGb18030, false);
  EXPECT_EQ(gb, "\xB1\xBE\xCE\xC4\xD3\xC9" "AI" "\xC9\xFA\xB3\xC9\xA1\xA3");  // what iconv writes
  d = decode_text(bytes_of(gb));
  EXPECT_EQ(d.encoding, TextEncoding::kGb18030);
  EXPECT_EQ(d.utf8, zh);
  EXPECT_EQ(d.replaced, 0u);

  d = decode_text(bytes_of("\x84\x31\x95\x33" + gb));
  EXPECT_EQ(d.encoding, TextEncoding::kGb18030);
  EXPECT_TRUE(d.bom);
  EXPECT_EQ(d.utf8, zh);
}

TEST(DecodeText, ReplacesWhatIsInvalid) {
  // Neither valid UTF-8 nor GB18030 (0xFF): read as UTF-8 with replacements counted.
  DecodedText d = decode_text(bytes_of("ok \xFF\xFF ok \xC3"));
  EXPECT_EQ(d.encoding, TextEncoding::kUtf8);
  EXPECT_EQ(d.replaced, 3u);
  EXPECT_EQ(d.utf8, "ok \xEF\xBF\xBD\xEF\xBF\xBD ok \xEF\xBF\xBD");
  // Lone surrogates and an odd byte in UTF-16.
  const std::string s("\xFF\xFE" "A\0" "\x00\xD8" "B\0" "C", 9);
  d = decode_text(bytes_of(s));
  EXPECT_EQ(d.replaced, 2u);
  EXPECT_EQ(d.utf8, "A\xEF\xBF\xBD" "B\xEF\xBF\xBD");
  // Surrogate pairs survive.
  d = decode_text(bytes_of(encode_text("x\xF0\x9F\x98\x80y", TextEncoding::kUtf16Be, true)));
  EXPECT_EQ(d.utf8, "x\xF0\x9F\x98\x80y");
  // Overlong and surrogate encodings in UTF-8 are invalid.
  EXPECT_FALSE(valid_utf8(bytes_of("\xC0\xAF")));
  EXPECT_FALSE(valid_utf8(bytes_of("\xED\xA0\x80")));
  EXPECT_FALSE(valid_utf8(bytes_of("\xF4\x90\x80\x80")));
  EXPECT_TRUE(valid_utf8(bytes_of("plain ascii that is longer than eight bytes \xE4\xBD\xA0")));
}

TEST(TextDocument, PositionsAfterLineBreakNormalisation) {
  // CRLF and lone CR become LF; a BOM is not a character; 😀 is one code point and two UTF-16 units.
  const std::string raw = "\xEF\xBB\xBFline one\r\n\xF0\x9F\x98\x80 two\rthree";
  const TextDocument doc = TextDocument::from_bytes(bytes_of(raw), false);
  EXPECT_EQ(doc.text(), "line one\n\xF0\x9F\x98\x80 two\nthree");
  EXPECT_EQ(doc.lines(), 3u);
  EXPECT_EQ(doc.code_points(), 20u);
  const size_t two = doc.text().find("two");
  const TextPosition p = doc.position(two);
  EXPECT_EQ(p.line, 2u);
  EXPECT_EQ(p.column, 3u);
  EXPECT_EQ(p.code_point, 11u);
  EXPECT_EQ(p.utf16, 12u);
  const Value span = doc.span(two, two + 3);
  EXPECT_EQ(span.find("end")->as_int(), 14);
  EXPECT_EQ(span.find("utf16_end")->as_int(), 15);
}

TEST(TextDocument, PositionsAcrossCheckpoints) {
  std::string s;
  for (int i = 0; i < 5000; ++i) s += "第" + std::to_string(i) + "行\n";
  const TextDocument doc = TextDocument::from_bytes(bytes_of(s), false);
  const size_t at = doc.text().find("第4321行");
  const TextPosition p = doc.position(at);
  EXPECT_EQ(p.line, 4322u);
  EXPECT_EQ(p.column, 1u);
  EXPECT_EQ(doc.lines(), 5000u);
}

TEST(TextDocument, DenseLineBreaks) {
  // Eight line breaks per word for whole blocks: the per-lane counts must not overflow when summed (a fuzzing
  // finding, kept in tests/fuzz/corpus/fuzz_text_decode).
  std::string s(40000, '\n');
  s += "x";
  const TextDocument doc = TextDocument::from_bytes(bytes_of(s), false);
  EXPECT_EQ(doc.lines(), 40001u);
  EXPECT_EQ(doc.code_points(), 40001u);
  const TextPosition p = doc.position(s.size() - 1);
  EXPECT_EQ(p.line, 40001u);
  EXPECT_EQ(p.column, 1u);
  EXPECT_EQ(doc.position(s.size()).column, 2u);
}

TEST(TextDocument, KeepsTheFeffThatStartsAC2paWrapper) {
  // U+FEFF followed by a variation selector is the wrapper's marker, not a byte order mark to drop.
  const std::string raw = "\xEF\xBB\xBF\xEF\xB8\x80rest";
  const TextDocument doc = TextDocument::from_bytes(bytes_of(raw), false);
  EXPECT_EQ(doc.text(), raw);
}

TEST(SniffText, Utf16AndGb18030AndMarkdown) {
  const std::string md = "# Title\n\nSee [the docs](https://example.com).\n";
  EXPECT_EQ(sniff_format(bytes_of(md)), Format::kMarkdown);
  EXPECT_EQ(sniff_format(bytes_of(encode_text(md, TextEncoding::kUtf16Le, true))), Format::kMarkdown);
  EXPECT_EQ(sniff_format(bytes_of(encode_text("plain words", TextEncoding::kUtf16Be, true))), Format::kText);
  EXPECT_EQ(sniff_format(bytes_of(encode_text("本文由AI生成。", TextEncoding::kGb18030, false))), Format::kText);
  EXPECT_EQ(sniff_text_format(bytes_of(md)), Format::kMarkdown);
}

}  // namespace
}  // namespace dsmark
