// watermark:dsmark-text — embedding and reading back through the edits text goes through: trimming, line-break
// changes, encodings, excerpts, deleted sentences; refusals; and no false marks from random joiners.
#include <gtest/gtest.h>

#include <random>
#include <string>

#include "dsmark/dsmark.h"
#include "dsmark/watermark.h"
#include "text/text_decode.h"
#include "text/unicode_props.h"
#include "util/text_encoding.h"
#include "watermark/text_watermark.h"

namespace dsmark {
namespace {

const char* kEnglish =
    "The river runs through the old town, past the market and the church. In the morning fishermen bring their "
    "catch to the stalls, and by noon the square is full of people. Children play near the fountain while their "
    "parents drink coffee under the plane trees. In the evening the bells ring and the swallows circle above the "
    "roofs until it is dark. Visitors often stay for a week and leave with a bag of olives and a promise to return.";
const char* kChinese =
    "清晨的西湖笼罩在一层薄雾里，苏堤上的柳枝刚刚抽出新芽。早起锻炼的老人沿着湖边慢慢走着，偶尔停下来看看水面上掠过的白鹭。"
    "到了中午，游客渐渐多了起来。断桥边挤满了拍照的人，卖藕粉的小摊前排起了长队。傍晚时分，夕阳把湖面染成金色。";

std::span<const uint8_t> bytes_of(const std::string& s) { return {reinterpret_cast<const uint8_t*>(s.data()), s.size()}; }

std::string embed(const std::string& text, std::vector<uint8_t> payload = {}, std::string format = "text") {
  EmbedOptions o;
  o.payload = std::move(payload);
  o.output_format = std::move(format);
  auto r = embed_watermark(bytes_of(text), o);
  EXPECT_TRUE(r.is_ok()) << r.status().message();
  return r.is_ok() ? std::string(r->begin(), r->end()) : std::string();
}

const Mark* mark_of(const Report& r) {
  for (const Mark& m : r.marks) {
    if (m.scheme == "watermark:dsmark-text") return &m;
  }
  return nullptr;
}

std::string payload_of(const Report& r) {
  const Mark* m = mark_of(r);
  if (!m || m->claim != Claim::kAi) return "";
  return m->fields.find("payload")->as_string();
}

std::string strip_joiners(std::string s) {
  for (const char* j : {"\xE2\x80\x8C", "\xE2\x80\x8D"}) {
    for (size_t p = s.find(j); p != std::string::npos; p = s.find(j)) s.erase(p, 3);
  }
  return s;
}

TEST(TextWatermark, RoundTripsInEveryScriptItUses) {
  const std::vector<uint8_t> payload = {0xDE, 0xAD, 0xBE, 0xEF};
  for (const std::string text : {std::string(kEnglish), std::string(kChinese),
                                 std::string("京都の秋は紅葉がとてもきれいです。朝早く嵐山に行くと、観光客が少なく、竹林の小道を静かに歩くことができます。午後は哲学の道を散歩して、小さな喫茶店で抹茶を飲みました。"),
                                 std::string("제주도 여행 첫째 날에는 성산일출봉에 올라 해돋이를 보았습니다. 둘째 날에는 우도에 들어가 자전거를 타고 섬을 한 바퀴 돌았습니다. 바다 색이 정말 아름다웠습니다. 셋째 날에는 한라산에 올랐습니다. 정상에서 본 풍경은 잊을 수 없습니다. 마지막 날에는 시장에서 귤을 샀습니다.")}) {
    const std::string marked = embed(text, payload);
    EXPECT_EQ(strip_joiners(marked), text);  // only joiners were added
    const Report r = verify_text(marked, "m.txt");
    EXPECT_EQ(payload_of(r), "deadbeef") << text.substr(0, 30);
    EXPECT_EQ(r.verdict, Verdict::kAi);
    const Mark* m = mark_of(r);
    ASSERT_NE(m, nullptr);
    EXPECT_LT(m->fields.find("p_value")->as_double(), 1e-6);
    EXPECT_GE(m->fields.find("copies")->as_int(), 1);
    // The joiners are the mark's: they are not reported again as anonymous zero-width characters.
    for (const Mark& other : r.marks) EXPECT_NE(other.scheme, "text:invisible");
    // Unmarked, nothing.
    EXPECT_EQ(mark_of(verify_text(text, "u.txt")), nullptr);
  }
}

TEST(TextWatermark, DefaultPayloadAndLimits) {
  EXPECT_EQ(payload_of(verify_text(embed(kEnglish), "m")), "01");
  EmbedOptions o;
  o.output_format = "text";
  o.payload.assign(33, 7);
  EXPECT_FALSE(embed_watermark(bytes_of(std::string(kEnglish)), o).is_ok());
  o.payload.assign(32, 7);
  std::string long_text = kEnglish;
  for (int i = 0; i < 5; ++i) long_text += std::string(" ") + kEnglish;
  auto ok = embed_watermark(bytes_of(long_text), o);
  ASSERT_TRUE(ok.is_ok()) << ok.status().message();
  std::string sevens;
  for (int i = 0; i < 32; ++i) sevens += "07";
  EXPECT_EQ(payload_of(verify(*ok, "m")), sevens);
  // Too short, or the wrong output format: refused in plain words.
  o.payload = {1};
  auto short_text = embed_watermark(bytes_of(std::string("Too short to carry anything.")), o);
  ASSERT_FALSE(short_text.is_ok());
  EXPECT_NE(short_text.status().message().find("too short"), std::string::npos);
  o.output_format = "png";
  EXPECT_FALSE(embed_watermark(bytes_of(std::string(kEnglish)), o).is_ok());
}

TEST(TextWatermark, RefusesToMarkTwice) {
  const std::string once = embed(kEnglish, {1, 2});
  EmbedOptions o;
  o.output_format = "text";
  auto twice = embed_watermark(bytes_of(once), o);
  ASSERT_FALSE(twice.is_ok());
  EXPECT_NE(twice.status().message().find("0102"), std::string::npos);
}

TEST(TextWatermark, KeepsEncodingBomAndLineBreaks) {
  const std::string crlf = "Line one has some words in it.\r\n" + std::string(kEnglish) + "\r\nLast line here.\r\n";
  const std::string marked = embed(crlf, {9});
  EXPECT_EQ(strip_joiners(marked), crlf);
  EXPECT_EQ(payload_of(verify_text(marked, "m")), "09");
  for (TextEncoding e : {TextEncoding::kUtf16Le, TextEncoding::kUtf16Be, TextEncoding::kGb18030}) {
    const std::string in = encode_text(kChinese, e, e != TextEncoding::kGb18030);
    const std::string out = embed(in, {7});
    const DecodedText d = decode_text(bytes_of(out));
    EXPECT_EQ(d.encoding, e);
    EXPECT_EQ(d.bom, e != TextEncoding::kGb18030);
    EXPECT_EQ(strip_joiners(d.utf8), kChinese);
    EXPECT_EQ(payload_of(verify(bytes_of(out), "m")), "07");
  }
}

TEST(TextWatermark, SurvivesTrimmingExcerptsAndDeletedSentences) {
  const std::string text = std::string(kEnglish) + " " + kEnglish + " " + kEnglish + " " + kEnglish;
  const std::string marked = embed("\n\n   " + text + "   \n\n", {0x42});
  // Trimmed.
  const size_t a = marked.find_first_not_of(" \n"), b = marked.find_last_not_of(" \n");
  EXPECT_EQ(payload_of(verify_text(marked.substr(a, b - a + 1), "m")), "42");
  // An excerpt from the middle (a third of the text), cut at a character boundary.
  size_t from = marked.size() / 3, to = 2 * marked.size() / 3;
  while ((static_cast<uint8_t>(marked[from]) & 0xC0) == 0x80) ++from;
  while ((static_cast<uint8_t>(marked[to]) & 0xC0) == 0x80) ++to;
  EXPECT_EQ(payload_of(verify_text(marked.substr(from, to - from), "m")), "42");
  // A sentence deleted in the middle: the copies around it still read.
  const size_t s = marked.find("Children"), e = marked.find("Visitors", s);
  ASSERT_NE(e, std::string::npos);
  std::string edited = marked;
  edited.erase(s, e - s);
  EXPECT_EQ(payload_of(verify_text(edited, "m")), "42");
  // Every joiner removed: gone.
  EXPECT_EQ(mark_of(verify_text(strip_joiners(marked), "m")), nullptr);
}

TEST(TextWatermark, NeverSplitsCombiningSequencesCodeOrUrls) {
  // Decomposed accents (NFD), a URL, inline code and a fenced block: no joiner lands inside any of them, so
  // NFC composition and the code and links are unchanged.
  std::string text = "Cafe\xCC\x81 au lait near the re\xCC\x81sidence, see https://example.com/a-long-path/page.html today. ";
  for (int i = 0; i < 6; ++i) text += kEnglish + std::string(" ");
  text = "# Notes\n\nRun `make test-all now` first.\n\n```\nconst words = 'do not touch these words at all';\n```\n\n" + text + "\n";
  const std::string marked = embed(text, {5});
  EXPECT_NE(marked.find("https://example.com/a-long-path/page.html"), std::string::npos);
  EXPECT_NE(marked.find("`make test-all now`"), std::string::npos);
  EXPECT_NE(marked.find("const words = 'do not touch these words at all';"), std::string::npos);
  EXPECT_NE(marked.find("e\xCC\x81"), std::string::npos);  // the accent still follows its letter directly
  EXPECT_EQ(payload_of(verify_text(marked, "m.md")), "05");
  // No joiner is followed by a combining mark.
  for (size_t p = marked.find("\xE2\x80\x8C"); p != std::string::npos; p = marked.find("\xE2\x80\x8C", p + 1)) {
    char32_t next = 0;
    if (p + 3 < marked.size()) utf8_decode_at(marked, p + 3, next);
    EXPECT_FALSE(is_combining_mark(next));
  }
}

TEST(TextWatermark, RandomJoinersNeverReadAsAMark) {
  // 300 texts each with 4,000 random ZWNJ/ZWJ: the chance of one intact frame is about 4000 · 2^-35 each.
  std::mt19937 rng(7);
  size_t found = 0;
  for (int t = 0; t < 300; ++t) {
    std::string s;
    for (int i = 0; i < 4000; ++i) {
      s += "ab";
      s += (rng() & 1) ? "\xE2\x80\x8D" : "\xE2\x80\x8C";
    }
    found += read_text_mark(s).found;
  }
  EXPECT_EQ(found, 0u);
}

TEST(TextWatermark, FrameLayout) {
  const std::vector<uint8_t> payload = {0x01};
  const std::vector<uint8_t> bits = text_mark_frame(payload);
  ASSERT_EQ(bits.size(), 16u + 8 + 8 + 16);
  std::string head;
  for (size_t i = 0; i < 24; ++i) head += static_cast<char>('0' + bits[i]);
  EXPECT_EQ(head, "1111100110101000" "00100000");  // sync, then version 1 and length 1
}

}  // namespace
}  // namespace dsmark
