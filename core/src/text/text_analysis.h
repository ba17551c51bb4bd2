// The text stage of verify(): for text inputs (plain text, Markdown, text given directly), the decoded
// document and what every text detector shares, kept in Analysis::text.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "analysis/analysis.h"
#include "text/text_document.h"

namespace dsmark {

// One invisible character (zero-width, tag, variation selector, bidi control) at a byte offset of the text.
struct InvisibleChar {
  size_t offset;
  char32_t cp;
  uint8_t length;  // UTF-8 bytes
};

// A C2PA text wrapper (C2PA 2.x, unstructured text): U+FEFF, then variation selectors spelling
// "C2PATXT\0", a version byte, a big-endian u32 length and the manifest store (JUMBF).
struct C2paTextWrapper {
  size_t begin;            // byte span of U+FEFF and the selector run
  size_t end;
  unsigned version;
  uint64_t declared_bytes; // the length field
  size_t manifest_bytes;   // bytes present after the header
  bool jumbf;              // the store starts with a JUMBF superbox
};

// What the scan for invisible characters notices on the way, so later detectors can skip whole passes.
struct ScriptFlags {
  bool rtl = false;        // Hebrew, Arabic and other right-to-left letters
  bool lookalikes = false; // Greek, Cyrillic, Armenian or IPA letters (homoglyph candidates)
};

struct TextAnalysis {
  explicit TextAnalysis(TextDocument d) : doc(std::move(d)) {}
  TextDocument doc;
  std::vector<InvisibleChar> invisible;  // in text order, at most Limits::max_text_findings
  bool invisible_truncated = false;
  ScriptFlags scripts;
  std::vector<C2paTextWrapper> wrappers;
  // Set by the dsmark text watermark detector when it found its mark: the characters carrying it are then
  // not reported again as anonymous zero-width characters.
  bool dsmark_mark = false;
};

// Decodes a text input into analysis.text, finds its invisible characters, and hands any C2PA manifest store
// carried by a text wrapper to the inventory (carrier "text:c2pa-wrapper") for the C2PA reader.
void prepare_text(Analysis& analysis);

// Scans UTF-8 text for invisible characters (at most `max`; `truncated` tells whether there were more), and
// notes the scripts in `flags` when given.
std::vector<InvisibleChar> scan_invisible(std::string_view text, size_t max, bool& truncated,
                                          ScriptFlags* flags = nullptr);

// Detectors (kDetectors in verify.cc).
void detect_explicit_text(Analysis& analysis);   // explicit:text
void detect_invisible_text(Analysis& analysis);  // text:invisible

// Whether a decoded hidden payload says the content is AI-generated in words ("AI-generated", "由AI生成").
bool payload_declares_ai(std::string_view payload_text);

// True when a ZWNJ/ZWJ at this place is ordinary spelling (emoji sequences, joining and Indic scripts), not a
// hidden symbol. `prev`/`next`: the neighbouring code points (0 at the text's ends).
bool joiner_in_ordinary_use(char32_t prev, char32_t joiner, char32_t next);

}  // namespace dsmark
