#include "text/text_fold.h"

#include "text/text_decode.h"
#include "text/unicode_props.h"

namespace dsmark {
namespace {

// Base letters of U+00C0..U+00FF and U+0100..U+017F (lower case, accents removed); '*' marks a non-letter,
// '2' a letter folded to two (æ, ß, þ, Œ handled below).
constexpr std::string_view kLatin1 = "aaaaaa2ceeeeiiiidnooooo*ouuuuyt2aaaaaa2ceeeeiiiidnooooo*ouuuuyty";
constexpr std::string_view kLatinA =
    "aaaaaaccccccccddddeeeeeeeeeegggggggghhhhiiiiiiiiiijjjjkkklllllllllln"
    "nnnnnnnnoooooo22rrrrrrssssssssttttttuuuuuuuuuuuuwwyyyzzzzzzs";
static_assert(kLatin1.size() == 64);
static_assert(kLatinA.size() == 128);

void put(FoldedText& out, char32_t c, uint32_t b, uint32_t e) { out.push_back({c, b, e}); }

}  // namespace

void fold_append(char32_t cp, uint32_t b, uint32_t e, FoldedText& out) {
  if (is_invisible(cp)) return;
  if (cp >= 0xFF01 && cp <= 0xFF5E) cp -= 0xFEE0;  // full-width ASCII
  if (cp >= 'A' && cp <= 'Z') {
    put(out, cp + 32, b, e);
    return;
  }
  if (cp < 0x80) {
    if (cp == '-') cp = ' ';
    else if (cp == '\t') cp = ' ';
    put(out, cp, b, e);
    return;
  }
  if (cp >= 0xC0 && cp <= 0xFF) {
    const char f = kLatin1[cp - 0xC0];
    if (f == '*') {
      put(out, cp, b, e);
    } else if (f == '2') {
      const bool ae = cp == 0xC6 || cp == 0xE6;
      const bool ss = cp == 0xDF;
      put(out, ae ? 'a' : ss ? 's' : 't', b, e);
      put(out, ae ? 'e' : ss ? 's' : 'h', b, e);
    } else {
      put(out, static_cast<char32_t>(f), b, e);
    }
    return;
  }
  if (cp >= 0x100 && cp <= 0x17F) {
    const char f = kLatinA[cp - 0x100];
    if (f == '2') {  // Œ œ
      put(out, 'o', b, e);
      put(out, 'e', b, e);
    } else {
      put(out, static_cast<char32_t>(f), b, e);
    }
    return;
  }
  if (is_space(cp)) {
    put(out, ' ', b, e);
    return;
  }
  switch (cp) {
    case 0x3002: case 0xFF61: put(out, '.', b, e); return;               // 。
    case 0x3001: case 0xFF64: put(out, '/', b, e); return;               // 、
    case 0x2010: case 0x2011: case 0x2012: case 0x2212: case 0xFE63: put(out, ' ', b, e); return;
    case 0x2013: case 0x2014: case 0x2015: case 0x2E3A: case 0x2E3B: case 0xFE58: put(out, '|', b, e); return;
    case 0x2018: case 0x2019: case 0x02BC: put(out, '\'', b, e); return;  // ’ in l’IA
    case 0x2026: put(out, '.', b, e); return;                              // …
    default: break;
  }
  put(out, cp, b, e);
}

std::u32string fold_string(std::string_view s) {
  FoldedText f;
  for (size_t i = 0; i < s.size();) {
    char32_t cp;
    const size_t n = utf8_decode_at(s, i, cp);
    fold_append(cp, static_cast<uint32_t>(i), static_cast<uint32_t>(i + n), f);
    i += n;
  }
  std::u32string out;
  out.reserve(f.size());
  for (const FoldedChar& c : f) out += c.c;
  return out;
}

}  // namespace dsmark
