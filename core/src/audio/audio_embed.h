// The audio embedder (kEmbedders in watermark/embed.cc): any audio dsmark decodes in, WAV or Ogg Opus out,
// carrying watermark:dsmark-audio with a 32-bit payload (default "dsmk", 64736d6b).
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "dsmark/report.h"
#include "dsmark/watermark.h"

namespace dsmark {

Result<std::vector<uint8_t>> embed_audio(std::span<const uint8_t> input, Format format, const EmbedOptions& options);

}  // namespace dsmark
