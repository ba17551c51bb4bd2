// Adding dsmark's own watermarks (images, audio clips, text). Finding them is part of verify().
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "dsmark/limits.h"
#include "dsmark/status.h"

namespace dsmark {

struct EmbedOptions {
  Limits limits;
  // The payload to carry. Empty: the embedder's documented default. Each medium has its own capacity and
  // refuses a longer payload with a plain message.
  std::vector<uint8_t> payload;
  // The output's format: "png", "jpeg", "webp" (images), "wav", "opus" (audio), "text". See output_format_for_name.
  std::string output_format;
  // Lossy output quality 1–100 (JPEG, WebP); 0: the embedder's default (JPEG 92, WebP 90).
  int quality = 0;
};

// Adds dsmark's watermark to `input` (its format is sniffed from the bytes) and returns the marked file's bytes.
Result<std::vector<uint8_t>> embed_watermark(std::span<const uint8_t> input, const EmbedOptions& options);

// The output format named by a file name's extension (".png", ".jpg"/".jpeg", ".webp", ".wav", ".opus"/".ogg",
// ".txt"/".md"), or an empty string for any other name.
std::string output_format_for_name(std::string_view file_name);

// Hex digits (upper or lower case, an optional "0x", no separators) to bytes; an odd count or another character
// is an error.
Result<std::vector<uint8_t>> payload_from_hex(std::string_view hex);

}  // namespace dsmark
