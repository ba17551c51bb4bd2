// The state of one verification: the bytes, what the container walker found, the parsed XMP, and the marks.
// Scheme readers take an Analysis and append marks; they run in the order of kSchemeReaders (verify.cc).
#pragma once

#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "analysis/pixels.h"
#include "container/inventory.h"
#include "dsmark/report.h"
#include "xmp/xmp_reader.h"

namespace dsmark {

struct ParsedXmp {
  std::string carrier;  // the packet's carrier, e.g. "jpeg:APP1:xmp"
  XmpDocument doc;
};

struct TextAnalysis;  // text/text_analysis.h

struct Analysis {
  Analysis(std::span<const uint8_t> bytes, Format fmt, const Limits& lim)
      : file(bytes), format(fmt), limits(lim), inventory(lim) {}

  std::span<const uint8_t> file;
  std::string_view file_name;  // as the caller gave it (only echoed; weak hints may read it)
  Format format;
  const Limits& limits;
  Inventory inventory;
  std::vector<ParsedXmp> xmp;
  std::vector<Mark> marks;
  std::vector<std::string> warnings;
  int64_t reference_time = 0;  // VerifyOptions::reference_time
  // Text inputs only (media "text"): the decoded text and what the text detectors share.
  std::shared_ptr<TextAnalysis> text;
  PixelCache pixels;  // filled by decoded_pixels() for the signal detectors
  std::optional<SoundSummary> sound;  // set by the audio detectors (Report::sound)
};

using SchemeReader = void (*)(Analysis& analysis);

}  // namespace dsmark
