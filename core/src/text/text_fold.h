// Folding for label matching: one comparable form for the many ways a label is typed. Latin letters lose
// case and accents (É → e, ß → ss), full-width forms become ASCII (ＡＩ → ai), every kind of space becomes
// one space, hyphens become spaces ("AI-generated" = "AI generated"), long dashes separate clauses, 、 becomes
// "/", 。 becomes ".", and invisible characters disappear (a zero-width space inside "A​I" still reads "AI").
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace dsmark {

struct FoldedChar {
  char32_t c;
  uint32_t begin;  // byte range in the source text of the character this came from
  uint32_t end;
};
using FoldedText = std::vector<FoldedChar>;

// Appends the folded form of code point `cp` (which spans source bytes [begin, end)) to `out`.
void fold_append(char32_t cp, uint32_t begin, uint32_t end, FoldedText& out);

// Folds a whole UTF-8 string (for lexicon entries); source offsets are byte offsets into `s`.
std::u32string fold_string(std::string_view s);

// A folded character that belongs to a word of an alphabetic script (a-z, 0-9, _ after folding, and
// Greek/Cyrillic letters): two of these side by side are one word.
inline bool folded_word_char(char32_t c) {
  return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || (c >= 0x370 && c <= 0x52F);
}

}  // namespace dsmark
