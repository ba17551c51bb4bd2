// zlib/deflate decompression with an output cap, for compressed metadata (PNG zTXt/iTXt, ID3, …).
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "dsmark/status.h"

namespace dsmark {

enum class InflateFormat { kZlib, kRaw, kGzip };

// Inflates `in`; fails with kLimit when the output would exceed `max_out` bytes, kTruncated when the stream
// ends early, kMalformed on corrupt data.
Result<std::vector<uint8_t>> inflate_capped(std::span<const uint8_t> in, uint64_t max_out,
                                            InflateFormat format = InflateFormat::kZlib);

}  // namespace dsmark
