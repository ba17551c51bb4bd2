// Text files to Unicode: UTF-8 (with or without a byte order mark), UTF-16 LE/BE with a byte order mark, and
// GB18030 (with or without its BOM). Nothing here fails: invalid sequences become U+FFFD and are counted.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>

namespace dsmark {

enum class TextEncoding { kUtf8, kUtf16Le, kUtf16Be, kGb18030 };

// "utf-8", "utf-16le", "utf-16be", "gb18030": the names used in reports.
std::string_view text_encoding_name(TextEncoding e);

struct DecodedText {
  std::string utf8;      // the text without its byte order mark
  TextEncoding encoding = TextEncoding::kUtf8;
  bool bom = false;      // the bytes started with the encoding's byte order mark
  size_t replaced = 0;   // invalid byte sequences replaced by U+FFFD
};

// Chooses the encoding (a byte order mark decides; otherwise valid UTF-8 is UTF-8, valid GB18030 is GB18030,
// and anything else is read as whichever of the two has fewer invalid sequences) and decodes.
DecodedText decode_text(std::span<const uint8_t> bytes);

// The reverse: `utf8` (valid UTF-8) in `encoding`, with that encoding's byte order mark first when `bom`.
// Characters GB18030 cannot hold do not exist (it covers all of Unicode), so this never fails.
std::string encode_text(std::string_view utf8, TextEncoding encoding, bool bom);

// True when the whole of `bytes` is valid UTF-8 (ASCII runs are checked eight bytes at a time).
bool valid_utf8(std::span<const uint8_t> bytes);

// True when decode_text() and line-break normalisation would return `bytes` unchanged: valid UTF-8, no byte
// order mark, no CR.
bool usable_as_is(std::span<const uint8_t> bytes);

// Decodes the UTF-8 character at s[i] (s must be valid UTF-8 there) and returns its length in bytes.
inline size_t utf8_decode_at(std::string_view s, size_t i, char32_t& cp) {
  const auto c = static_cast<uint8_t>(s[i]);
  if (c < 0x80) {
    cp = c;
    return 1;
  }
  auto cont = [&](size_t k) -> char32_t { return i + k < s.size() ? (static_cast<uint8_t>(s[i + k]) & 0x3F) : 0; };
  if (c < 0xE0) {
    cp = (char32_t{c} & 0x1F) << 6 | cont(1);
    return 2;
  }
  if (c < 0xF0) {
    cp = (char32_t{c} & 0x0F) << 12 | cont(1) << 6 | cont(2);
    return 3;
  }
  cp = (char32_t{c} & 0x07) << 18 | cont(1) << 12 | cont(2) << 6 | cont(3);
  return 4;
}

// The start of the character before byte offset i (i > 0) in valid UTF-8.
inline size_t utf8_prev(std::string_view s, size_t i) {
  do {
    --i;
  } while (i > 0 && (static_cast<uint8_t>(s[i]) & 0xC0) == 0x80);
  return i;
}

}  // namespace dsmark
