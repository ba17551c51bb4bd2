#include "text/text_decode.h"

#include <cstring>

#include "text/gb18030.h"
#include "util/text_encoding.h"

namespace dsmark {
namespace {

constexpr std::string_view kUtf8Bom = "\xEF\xBB\xBF";
constexpr std::string_view kGb18030Bom = "\x84\x31\x95\x33";

bool starts_with(std::span<const uint8_t> b, std::string_view prefix) {
  return b.size() >= prefix.size() && std::memcmp(b.data(), prefix.data(), prefix.size()) == 0;
}

// Length of the valid UTF-8 sequence at b[i], or 0 when it is invalid (overlong, surrogate, past U+10FFFF, cut).
size_t utf8_sequence(const uint8_t* b, size_t n, size_t i) {
  const uint8_t c = b[i];
  if (c < 0x80) return 1;
  if (c < 0xC2 || c > 0xF4) return 0;
  const size_t len = c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
  if (i + len > n) return 0;
  const uint8_t c1 = b[i + 1];
  if ((c1 & 0xC0) != 0x80) return 0;
  if (c == 0xE0 && c1 < 0xA0) return 0;   // overlong
  if (c == 0xED && c1 > 0x9F) return 0;   // surrogate
  if (c == 0xF0 && c1 < 0x90) return 0;   // overlong
  if (c == 0xF4 && c1 > 0x8F) return 0;   // past U+10FFFF
  for (size_t k = 2; k < len; ++k) {
    if ((b[i + k] & 0xC0) != 0x80) return 0;
  }
  return len;
}

// Eight bytes at once while they are all ASCII.
size_t skip_ascii(const uint8_t* b, size_t n, size_t i) {
  while (i + 8 <= n) {
    uint64_t w;
    std::memcpy(&w, b + i, 8);
    if (w & 0x8080808080808080ull) break;
    i += 8;
  }
  while (i < n && b[i] < 0x80) ++i;
  return i;
}

// Counts invalid sequences when read as UTF-8 (stops counting at `cap`). The common two- and three-byte
// sequences (Latin accents, Greek, Cyrillic; Han, kana, Hangul) take a fast path.
size_t utf8_errors(const uint8_t* b, size_t n, size_t cap) {
  size_t errors = 0, i = 0;
  while (i < n && errors < cap) {
    i = skip_ascii(b, n, i);
    // Four bytes loaded at once (little-endian order: the lead byte is the lowest).
    while (i + 4 <= n) {
      const uint32_t w = b[i] | uint32_t{b[i + 1]} << 8 | uint32_t{b[i + 2]} << 16 | uint32_t{b[i + 3]} << 24;
      if ((w & 0x80) == 0) {
        ++i;
      } else if ((w & 0xC0E0) == 0x80C0 && (w & 0x1E) != 0) {  // 110xxxxx 10xxxxxx, not C0/C1
        i += 2;
      } else if ((w & 0xC0C0F0) == 0x8080E0) {                  // 1110xxxx 10xxxxxx 10xxxxxx
        const uint32_t t = w & 0x200F;                           // E0 needs b1 >= A0; ED needs b1 < A0
        if (t == 0 || t == 0x200D) break;
        i += 3;
      } else {
        break;
      }
    }
    if (i >= n) break;
    if (b[i] < 0x80) continue;
    const size_t len = utf8_sequence(b, n, i);
    if (len == 0) {
      ++errors;
      ++i;
    } else {
      i += len;
    }
  }
  return errors;
}

size_t gb18030_errors(const uint8_t* b, size_t n, size_t cap) {
  size_t errors = 0, i = 0;
  while (i < n && errors < cap) {
    i = skip_ascii(b, n, i);
    if (i >= n) break;
    char32_t cp;
    const size_t len = gb18030_decode_one(b + i, n - i, cp);
    if (len == 0) {
      ++errors;
      ++i;
    } else {
      i += len;
    }
  }
  return errors;
}

void decode_utf8(const uint8_t* b, size_t n, DecodedText& out) {
  out.utf8.reserve(n);
  size_t i = 0;
  while (i < n) {
    const size_t ascii_end = skip_ascii(b, n, i);
    out.utf8.append(reinterpret_cast<const char*>(b + i), ascii_end - i);
    i = ascii_end;
    if (i >= n) break;
    const size_t len = utf8_sequence(b, n, i);
    if (len == 0) {
      out.utf8 += "\xEF\xBF\xBD";
      ++out.replaced;
      ++i;
      // A maximal invalid subpart counts once: skip the continuation bytes that follow.
      while (i < n && (b[i] & 0xC0) == 0x80) ++i;
    } else {
      out.utf8.append(reinterpret_cast<const char*>(b + i), len);
      i += len;
    }
  }
}

void decode_gb18030(const uint8_t* b, size_t n, DecodedText& out) {
  out.utf8.reserve(n + n / 2);
  size_t i = 0;
  while (i < n) {
    const size_t ascii_end = skip_ascii(b, n, i);
    out.utf8.append(reinterpret_cast<const char*>(b + i), ascii_end - i);
    i = ascii_end;
    if (i >= n) break;
    char32_t cp;
    const size_t len = gb18030_decode_one(b + i, n - i, cp);
    if (len == 0) {
      append_utf8(out.utf8, 0xFFFD);
      ++out.replaced;
      ++i;
    } else {
      append_utf8(out.utf8, cp);
      i += len;
    }
  }
}

void decode_utf16(const uint8_t* b, size_t n, bool big_endian, DecodedText& out) {
  out.utf8.reserve(n + n / 2);
  const size_t units = n / 2;
  auto unit = [&](size_t k) -> char32_t {
    return big_endian ? char32_t{b[2 * k]} << 8 | b[2 * k + 1] : char32_t{b[2 * k + 1]} << 8 | b[2 * k];
  };
  for (size_t k = 0; k < units; ++k) {
    const char32_t u = unit(k);
    if (u < 0x80) {
      out.utf8 += static_cast<char>(u);
    } else if (u >= 0xD800 && u <= 0xDBFF && k + 1 < units && unit(k + 1) >= 0xDC00 && unit(k + 1) <= 0xDFFF) {
      append_utf8(out.utf8, 0x10000 + ((u - 0xD800) << 10) + (unit(k + 1) - 0xDC00));
      ++k;
    } else if (u >= 0xD800 && u <= 0xDFFF) {
      append_utf8(out.utf8, 0xFFFD);
      ++out.replaced;
    } else {
      append_utf8(out.utf8, u);
    }
  }
  if (n % 2) {
    append_utf8(out.utf8, 0xFFFD);
    ++out.replaced;
  }
}

}  // namespace

std::string_view text_encoding_name(TextEncoding e) {
  switch (e) {
    case TextEncoding::kUtf8: return "utf-8";
    case TextEncoding::kUtf16Le: return "utf-16le";
    case TextEncoding::kUtf16Be: return "utf-16be";
    case TextEncoding::kGb18030: return "gb18030";
  }
  return "utf-8";
}

bool valid_utf8(std::span<const uint8_t> bytes) { return utf8_errors(bytes.data(), bytes.size(), 1) == 0; }

bool usable_as_is(std::span<const uint8_t> bytes) {
  if (bytes.size() >= 2 && ((bytes[0] == 0xFF && bytes[1] == 0xFE) || (bytes[0] == 0xFE && bytes[1] == 0xFF))) return false;
  if (starts_with(bytes, kUtf8Bom)) return false;
  if (std::memchr(bytes.data(), '\r', bytes.size()) != nullptr) return false;
  return valid_utf8(bytes);
}

DecodedText decode_text(std::span<const uint8_t> bytes) {
  DecodedText out;
  const uint8_t* b = bytes.data();
  size_t n = bytes.size();
  if (starts_with(bytes, kUtf8Bom)) {
    out.bom = true;
    decode_utf8(b + 3, n - 3, out);
    return out;
  }
  if (n >= 2 && ((b[0] == 0xFF && b[1] == 0xFE) || (b[0] == 0xFE && b[1] == 0xFF))) {
    out.bom = true;
    out.encoding = b[0] == 0xFE ? TextEncoding::kUtf16Be : TextEncoding::kUtf16Le;
    decode_utf16(b + 2, n - 2, out.encoding == TextEncoding::kUtf16Be, out);
    return out;
  }
  if (starts_with(bytes, kGb18030Bom)) {
    out.bom = true;
    out.encoding = TextEncoding::kGb18030;
    decode_gb18030(b + 4, n - 4, out);
    return out;
  }
  const size_t u8_errors = utf8_errors(b, n, SIZE_MAX);
  if (u8_errors > 0 && gb18030_errors(b, n, u8_errors) < u8_errors) {
    out.encoding = TextEncoding::kGb18030;
    decode_gb18030(b, n, out);
    return out;
  }
  if (u8_errors == 0) {
    out.utf8.assign(reinterpret_cast<const char*>(b), n);
  } else {
    decode_utf8(b, n, out);
  }
  return out;
}

std::string encode_text(std::string_view utf8, TextEncoding encoding, bool bom) {
  std::string out;
  switch (encoding) {
    case TextEncoding::kUtf8:
      if (bom) out = kUtf8Bom;
      out.append(utf8);
      return out;
    case TextEncoding::kGb18030: {
      if (bom) out = kGb18030Bom;
      out.reserve(out.size() + utf8.size());
      for (size_t i = 0; i < utf8.size();) {
        char32_t cp;
        i += utf8_decode_at(utf8, i, cp);
        if (!gb18030_encode(cp, out)) gb18030_encode(0xFFFD, out);
      }
      return out;
    }
    case TextEncoding::kUtf16Le:
    case TextEncoding::kUtf16Be: {
      const bool be = encoding == TextEncoding::kUtf16Be;
      auto put = [&](char32_t u) {
        const char hi = static_cast<char>(u >> 8), lo = static_cast<char>(u & 0xFF);
        out += be ? hi : lo;
        out += be ? lo : hi;
      };
      out.reserve(utf8.size() * 2 + 2);
      if (bom) put(0xFEFF);
      for (size_t i = 0; i < utf8.size();) {
        char32_t cp;
        i += utf8_decode_at(utf8, i, cp);
        if (cp >= 0x10000) {
          put(0xD800 + ((cp - 0x10000) >> 10));
          put(0xDC00 + ((cp - 0x10000) & 0x3FF));
        } else {
          put(cp);
        }
      }
      return out;
    }
  }
  return out;
}

}  // namespace dsmark
