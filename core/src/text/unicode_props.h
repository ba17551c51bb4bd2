// The few Unicode properties the text detectors need, as range tests (no tables, no ICU). Each is an
// approximation chosen for one purpose, named by that purpose.
#pragma once

namespace dsmark {

// Zero-width and other invisible format characters used to hide data in text (REFERENCE.md §6).
inline bool is_zero_width(char32_t c) {
  return (c >= 0x200B && c <= 0x200D) || (c >= 0x2060 && c <= 0x2064) || c == 0xFEFF || c == 0x00AD ||
         c == 0x034F || c == 0x180E || c == 0x115F || c == 0x1160 || c == 0x3164 || c == 0xFFA0;
}
inline bool is_tag_char(char32_t c) { return c >= 0xE0000 && c <= 0xE007F; }
inline bool is_variation_selector(char32_t c) {
  return (c >= 0xFE00 && c <= 0xFE0F) || (c >= 0xE0100 && c <= 0xE01EF);
}
// The byte a variation selector stands for in the C2PA / "emoji smuggling" alphabet.
inline unsigned variation_selector_byte(char32_t c) {
  return c <= 0xFE0F ? static_cast<unsigned>(c - 0xFE00) : static_cast<unsigned>(c - 0xE0100 + 16);
}
inline char32_t byte_variation_selector(unsigned b) { return b < 16 ? 0xFE00 + b : 0xE0100 + (b - 16); }
inline bool is_bidi_control(char32_t c) {
  return c == 0x200E || c == 0x200F || c == 0x061C || (c >= 0x202A && c <= 0x202E) || (c >= 0x2066 && c <= 0x2069);
}
inline bool is_invisible(char32_t c) {
  return is_zero_width(c) || is_tag_char(c) || is_variation_selector(c) || is_bidi_control(c);
}

// Scripts written right to left (bidi controls are ordinary there).
inline bool is_rtl_letter(char32_t c) {
  return (c >= 0x0590 && c <= 0x08FF) || (c >= 0xFB1D && c <= 0xFDFF) || (c >= 0xFE70 && c <= 0xFEFC) ||
         (c >= 0x10800 && c <= 0x10FFF) || (c >= 0x1E800 && c <= 0x1EEFF);
}

// Scripts in which ZWJ/ZWNJ/ZWSP are part of ordinary spelling: Arabic, Syriac, Thaana, N'Ko, the Indic
// scripts, Sinhala, Thai, Lao, Tibetan, Myanmar, Khmer, Mongolian, and Persian presentation forms.
inline bool is_joining_script(char32_t c) {
  return (c >= 0x0600 && c <= 0x08FF) || (c >= 0x0900 && c <= 0x0FFF) || (c >= 0x1000 && c <= 0x109F) ||
         (c >= 0x1780 && c <= 0x18AF) || (c >= 0xA8E0 && c <= 0xA8FF) || (c >= 0xFB50 && c <= 0xFDFF) ||
         (c >= 0xFE70 && c <= 0xFEFC) || (c >= 0x11000 && c <= 0x111FF);
}

// Emoji and the characters that join or modify them (ZWJ between two of these is an emoji sequence).
inline bool is_emoji_like(char32_t c) {
  return (c >= 0x1F000 && c <= 0x1FAFF) || (c >= 0x2600 && c <= 0x27BF) || (c >= 0x2B00 && c <= 0x2BFF) ||
         (c >= 0x2300 && c <= 0x23FF) || (c >= 0x2190 && c <= 0x21FF) || (c >= 0x25A0 && c <= 0x25FF) ||
         c == 0x00A9 || c == 0x00AE || c == 0x2122 || c == 0x2139 || c == 0x3030 || c == 0x303D ||
         c == 0x3297 || c == 0x3299 || c == 0x2934 || c == 0x2935 || c == 0x20E3 || c == 0xFE0F ||
         is_tag_char(c);
}

// Combining marks that attach to the character before them (Latin/Greek/Cyrillic/CJK contexts).
inline bool is_combining_mark(char32_t c) {
  return (c >= 0x0300 && c <= 0x036F) || (c >= 0x0483 && c <= 0x0489) || (c >= 0x1AB0 && c <= 0x1AFF) ||
         (c >= 0x1DC0 && c <= 0x1DFF) || (c >= 0x20D0 && c <= 0x20FF) || (c >= 0xFE20 && c <= 0xFE2F) ||
         c == 0x3099 || c == 0x309A || (c >= 0x302A && c <= 0x302F);
}

inline bool is_ascii_alnum(char32_t c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}
// Letters of the Latin, Greek and Cyrillic scripts, and digits: the characters words are made of there.
inline bool is_alphabetic_word_char(char32_t c) {
  return is_ascii_alnum(c) || (c >= 0xC0 && c <= 0x24F && c != 0xD7 && c != 0xF7) || (c >= 0x370 && c <= 0x3FF) ||
         (c >= 0x400 && c <= 0x52F) || (c >= 0x1E00 && c <= 0x1EFF);
}
// Han ideographs, kana and Hangul syllables: scripts written without spaces between words (Hangul is spaced,
// but its syllables take the same treatment here).
inline bool is_cjk_char(char32_t c) {
  return (c >= 0x3400 && c <= 0x4DBF) || (c >= 0x4E00 && c <= 0x9FFF) || (c >= 0xF900 && c <= 0xFAFF) ||
         (c >= 0x20000 && c <= 0x3FFFF) || (c >= 0x3041 && c <= 0x3096) || (c >= 0x30A1 && c <= 0x30FA) ||
         (c >= 0x31F0 && c <= 0x31FF) || (c >= 0xAC00 && c <= 0xD7A3) || (c >= 0x3100 && c <= 0x312F);
}
inline bool is_kana(char32_t c) { return (c >= 0x3041 && c <= 0x309F) || (c >= 0x30A0 && c <= 0x30FF); }
inline bool is_hangul(char32_t c) { return (c >= 0xAC00 && c <= 0xD7A3) || (c >= 0x1100 && c <= 0x11FF) || (c >= 0x3130 && c <= 0x318F); }
inline bool is_han(char32_t c) {
  return (c >= 0x3400 && c <= 0x4DBF) || (c >= 0x4E00 && c <= 0x9FFF) || (c >= 0xF900 && c <= 0xFAFF) ||
         (c >= 0x20000 && c <= 0x3FFFF);
}
// CJK punctuation after which a hidden character disturbs nothing.
inline bool is_cjk_punct(char32_t c) {
  return c == 0x3001 || c == 0x3002 || c == 0xFF0C || c == 0xFF01 || c == 0xFF1F || c == 0xFF1A || c == 0xFF1B ||
         c == 0x300D || c == 0x300F || c == 0x300B || c == 0x3011 || c == 0xFF09;
}
inline bool is_space(char32_t c) {
  return c == ' ' || c == '\t' || c == 0xA0 || c == 0x3000 || (c >= 0x2000 && c <= 0x200A) || c == 0x202F ||
         c == 0x205F || c == 0x1680 || c == 0x0B || c == 0x0C;
}

}  // namespace dsmark
