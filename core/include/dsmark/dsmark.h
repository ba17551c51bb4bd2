// dsmark: does this file or text carry a deep-synthesis (AI-generation) mark, and what does the mark say?
// The one entry point of the core; the CLI, the wasm module and the tests all call these functions.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>

#include "dsmark/limits.h"
#include "dsmark/report.h"
#include "dsmark/status.h"

namespace dsmark {

struct VerifyOptions {
  Limits limits;
  // Signal detectors (watermarks in pixels, samples or characters; labels drawn or spoken into the content)
  // decode the content and cost more than the metadata readers. A caller that shows metadata results first
  // verifies once with `detectors = false`, then again with `true`; the second report holds everything.
  bool detectors = true;
  // Seconds since 1970 at which signing certificates must be valid (C2PA signatures without a trusted time-stamp);
  // 0 = now. Tests and reproducible reports pin it.
  int64_t reference_time = 0;
};

// Reads the bytes of one file (the format is sniffed from the bytes; `file_name` is only echoed in the report).
// Never throws, never aborts on hostile input: problems become a report with verdict "error" or warnings.
Report verify(std::span<const uint8_t> bytes, std::string_view file_name, const VerifyOptions& options = {});

// Sound decoded by the caller (for example with the Web Audio API in a browser, for codecs this build does not
// decode): float samples in [-1, 1], `channels` channels of `frames` samples, interleaved or one channel after
// the other (`planar`).
struct PcmAudio {
  const float* samples = nullptr;
  size_t frames = 0;
  uint32_t sample_rate = 0;
  uint32_t channels = 0;
  bool planar = false;
};

// Like verify(), but the audio detectors read `pcm` instead of decoding the file's sound. `bytes` may be empty:
// then the report holds only what the detectors found in `pcm` (format "unknown", media "audio"). Marks found in
// the samples name the carrier "pcm".
Report verify_with_pcm(std::span<const uint8_t> bytes, std::string_view file_name, const PcmAudio& pcm,
                       const VerifyOptions& options = {});

// Reads text given directly (the web page's paste box, an API caller's string). `utf8` is the text itself;
// invalid UTF-8 sequences are replaced by U+FFFD. The report is the one verify() gives for the same text saved
// as a UTF-8 file, field for field except `file` (which is `name`): format "text" or "markdown", media "text".
Report verify_text(std::string_view utf8, std::string_view name, const VerifyOptions& options = {});

// A report for an input that could not be read at all (e.g. the CLI could not open the file):
// verdict "error" with `code` ("io", "limit", …) and a plain `message`.
Report error_report(std::string_view file_name, std::string_view code, std::string_view message);

// The library version, e.g. "0.1.0".
std::string_view version();

}  // namespace dsmark
