#include "text/gb18030.h"

#include <algorithm>
#include <iterator>
#include <vector>

namespace dsmark {
namespace {

#include "text/gb18030_table.inc"

constexpr size_t kFourByteBmpPointers = 39420;  // 0x81308130 .. 0x8431A439

// The BMP code point of four-byte pointer `p` (< kFourByteBmpPointers), or 0xFFFFFFFF when unmapped.
uint32_t four_byte_bmp(uint32_t p) {
  const auto* end = std::end(kGb18030FourByteRuns);
  const auto* it = std::upper_bound(std::begin(kGb18030FourByteRuns), end, p,
                                    [](uint32_t v, const Gb18030Run& r) { return v < r.pointer; });
  if (it == std::begin(kGb18030FourByteRuns)) return 0xFFFFFFFF;
  --it;
  if (it->code_point == 0xFFFFFFFF) return 0xFFFFFFFF;
  return it->code_point + (p - it->pointer);
}

uint32_t two_byte(uint32_t pointer) {
  const uint16_t v = kGb18030TwoByte[pointer];
  if (v != 0) return v;
  for (const Gb18030Astral& a : kGb18030TwoByteAstral) {
    if (a.pointer == pointer) return a.code_point;
  }
  return 0xFFFFFFFF;
}

// The reverse of the two-byte table for the encoder, built on first use: BMP code point → pointer + 1 (0: none).
struct Encoder {
  std::vector<uint16_t> two_byte_pointer = std::vector<uint16_t>(0x10000, 0);
  Encoder() {
    for (uint32_t p = 0; p < 23940; ++p) {
      const uint16_t cp = kGb18030TwoByte[p];
      if (cp != 0 && two_byte_pointer[cp] == 0) two_byte_pointer[cp] = static_cast<uint16_t>(p + 1);
    }
  }
};

const Encoder& encoder() {
  static const Encoder e;
  return e;
}

void put_four(uint32_t linear, std::string& out) {
  const uint32_t b4 = linear % 10, b3 = (linear / 10) % 126, b2 = (linear / 1260) % 10, b1 = linear / 12600;
  out += static_cast<char>(0x81 + b1);
  out += static_cast<char>(0x30 + b2);
  out += static_cast<char>(0x81 + b3);
  out += static_cast<char>(0x30 + b4);
}

}  // namespace

size_t gb18030_decode_one(const uint8_t* p, size_t n, char32_t& cp) {
  const uint8_t b1 = p[0];
  if (b1 < 0x80) {
    cp = b1;
    return 1;
  }
  if (b1 == 0x80 || b1 == 0xFF || n < 2) return 0;
  const uint8_t b2 = p[1];
  if ((b2 >= 0x40 && b2 <= 0x7E) || (b2 >= 0x80 && b2 <= 0xFE)) {
    const uint32_t pointer = (b1 - 0x81) * 190u + (b2 < 0x7F ? b2 - 0x40 : b2 - 0x41);
    const uint32_t v = two_byte(pointer);
    if (v == 0xFFFFFFFF) return 0;
    cp = v;
    return 2;
  }
  if (b2 < 0x30 || b2 > 0x39 || n < 4) return 0;
  const uint8_t b3 = p[2], b4 = p[3];
  if (b3 < 0x81 || b3 > 0xFE || b4 < 0x30 || b4 > 0x39) return 0;
  const uint32_t linear = ((b1 - 0x81) * 10u + (b2 - 0x30)) * 1260u + (b3 - 0x81) * 10u + (b4 - 0x30);
  if (linear < kFourByteBmpPointers) {
    const uint32_t v = four_byte_bmp(linear);
    if (v == 0xFFFFFFFF) return 0;
    cp = v;
    return 4;
  }
  // 0x90308130 (linear 189000) is U+10000; everything up to U+10FFFF follows linearly.
  if (linear < 189000 || linear - 189000 > 0xFFFFF) return 0;
  cp = 0x10000 + (linear - 189000);
  return 4;
}

bool gb18030_encode(char32_t cp, std::string& out) {
  if (cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return false;
  if (cp < 0x80) {
    out += static_cast<char>(cp);
    return true;
  }
  if (cp >= 0x10000) {
    for (const Gb18030Astral& a : kGb18030TwoByteAstral) {
      if (a.code_point == cp) {
        out += static_cast<char>(0x81 + a.pointer / 190);
        const uint32_t t = a.pointer % 190;
        out += static_cast<char>(t < 0x3F ? 0x40 + t : 0x41 + t);
        return true;
      }
    }
    put_four(189000 + (cp - 0x10000), out);
    return true;
  }
  if (const uint16_t p1 = encoder().two_byte_pointer[cp]) {
    const uint32_t p = p1 - 1u;
    out += static_cast<char>(0x81 + p / 190);
    const uint32_t t = p % 190;
    out += static_cast<char>(t < 0x3F ? 0x40 + t : 0x41 + t);
    return true;
  }
  // Four-byte BMP: find the run holding cp (runs are not sorted by code point, so scan them all).
  const size_t runs = std::size(kGb18030FourByteRuns);
  for (size_t i = 0; i < runs; ++i) {
    const Gb18030Run& r = kGb18030FourByteRuns[i];
    if (r.code_point == 0xFFFFFFFF || cp < r.code_point) continue;
    const uint32_t end = i + 1 < runs ? kGb18030FourByteRuns[i + 1].pointer : kFourByteBmpPointers;
    if (cp - r.code_point < end - r.pointer) {
      put_four(r.pointer + (cp - r.code_point), out);
      return true;
    }
  }
  return false;
}

}  // namespace dsmark
