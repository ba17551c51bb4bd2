// A text input ready for the text detectors: decoded to UTF-8, line breaks normalised, and a position index
// that turns byte offsets into the positions reports use (code points, UTF-16 units, line and column).
//
// Positions are defined over the text after decoding, without its byte order mark, and with every CRLF and
// lone CR turned into LF — the same characters a browser textarea holds after the text is pasted into it.
// That is what makes the report of a pasted text equal to the report of the same text saved as a file.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "dsmark/value.h"
#include "text/text_decode.h"

namespace dsmark {

struct TextPosition {
  uint64_t code_point = 0;  // code points before this position
  uint64_t utf16 = 0;       // UTF-16 code units before this position (JavaScript string index)
  uint64_t line = 1;        // 1-based; lines end at LF
  uint64_t column = 1;      // 1-based, in code points from the line start
};

class TextDocument {
 public:
  // Decodes `bytes` (see decode_text) and normalises line breaks. `markdown` is the sniffed format. When the
  // bytes are already that text (UTF-8 without a BOM or CR), the document refers to them instead of copying:
  // `bytes` must then outlive the document.
  static TextDocument from_bytes(std::span<const uint8_t> bytes, bool markdown);

  TextDocument() = default;
  TextDocument(TextDocument&& other) noexcept { *this = std::move(other); }
  TextDocument& operator=(TextDocument&& other) noexcept;
  TextDocument(const TextDocument&) = delete;
  TextDocument& operator=(const TextDocument&) = delete;

  std::string_view text() const { return text_; }
  TextEncoding encoding() const { return encoding_; }
  bool bom() const { return bom_; }
  size_t replaced() const { return replaced_; }
  bool markdown() const { return markdown_; }
  uint64_t code_points() const { return code_points_; }
  uint64_t lines() const { return lines_; }

  // The position of byte offset `offset` (a character boundary, <= text().size()).
  TextPosition position(size_t offset) const;
  // {"start","end","line","column","utf16_start","utf16_end"} for the bytes [begin, end).
  Value span(size_t begin, size_t end) const;

 private:
  struct Checkpoint {
    size_t byte;
    TextPosition pos;
  };
  void index();

  std::string storage_;    // the decoded text, unless text_ refers to the input bytes
  std::string_view text_;
  TextEncoding encoding_ = TextEncoding::kUtf8;
  bool bom_ = false;
  size_t replaced_ = 0;
  bool markdown_ = false;
  uint64_t code_points_ = 0;
  uint64_t lines_ = 0;
  std::vector<Checkpoint> checkpoints_;  // every kCheckpointBytes, for position() in bounded time
};

}  // namespace dsmark
