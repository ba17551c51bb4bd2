// watermark:dsmark-text — dsmark's own text watermark (docs/text-watermark.md).
//
// The payload is framed (16-bit sync, version and length, payload, CRC-16) and written as a stream of
// invisible joiners: U+200C ZERO WIDTH NON-JOINER for 0, U+200D ZERO WIDTH JOINER for 1, one after a word (Latin,
// Greek, Cyrillic) or after a Han/kana/Hangul character, repeated frame after frame over the whole text. Both
// characters are Unicode "Extend" characters: they belong to the character before them, survive copy and
// paste through browsers, Unicode normalisation (NFC/NFD/NFKC) and trimming, and render as nothing.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "analysis/analysis.h"
#include "dsmark/report.h"
#include "dsmark/status.h"
#include "dsmark/watermark.h"

namespace dsmark {

inline constexpr size_t kTextMarkMaxPayload = 32;
inline constexpr uint8_t kTextMarkDefaultPayload[] = {0x01};

// The frame of a payload as bits (0/1), most significant first.
std::vector<uint8_t> text_mark_frame(std::span<const uint8_t> payload);

struct TextMarkReading {
  bool found = false;                     // at least one intact frame
  std::vector<uint8_t> payload;           // the payload of most intact frames
  size_t copies = 0;                      // intact frames with that payload
  std::vector<std::vector<uint8_t>> other_payloads;
  size_t damaged = 0;                     // frames whose sync and header were read but whose CRC failed
  size_t symbols = 0;                     // joiners read
  double p_value = 1.0;                   // chance of reading this many intact frames from unmarked text
  size_t first_begin = 0, first_end = 0;  // byte span of the first intact frame's symbols
};

// Reads the mark from UTF-8 text (any line breaks).
TextMarkReading read_text_mark(std::string_view text);

// Adds the mark to UTF-8 text with LF line breaks. `markdown`: also keep code, links and front matter free.
Result<std::string> embed_text_mark(std::string_view text, std::span<const uint8_t> payload, bool markdown);

// kEmbedders entry: a text file in, the same file (same encoding, byte order mark and line breaks) with the mark.
Result<std::vector<uint8_t>> embed_text_watermark(std::span<const uint8_t> input, Format format,
                                                  const EmbedOptions& options);

// kDetectors entry.
void detect_text_watermark(Analysis& analysis);

}  // namespace dsmark
