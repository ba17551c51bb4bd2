// RIFF (WebP, WAV, AVI): chunk walking with LIST nesting, bounded depth and count.
#pragma once

#include <functional>
#include <string_view>

#include "container/inventory.h"
#include "util/byte_reader.h"

namespace dsmark {

struct RiffChunk {
  std::string_view id;         // FourCC
  std::string_view list_type;  // for LIST/RIFF chunks, the form type; empty otherwise
  Bytes data;                  // payload (for LIST: after the list type)
  size_t offset = 0;           // of the chunk header in the file
  uint32_t depth = 0;          // 0 for children of the top-level RIFF
};

// Walks the chunks of a RIFF file whose form type is `form`. `visit` returns false to stop early.
// LIST chunks are entered (depth-checked) after they are visited.
Status walk_riff(Bytes file, std::string_view form, const Limits& limits,
                 const std::function<bool(const RiffChunk&)>& visit);

// As above; a LIST chunk's children are walked only when `descend` returns true for it (AVI `movi` holds every
// frame; WAV metadata lives in top-level LISTs only).
Status walk_riff(Bytes file, std::string_view form, const Limits& limits,
                 const std::function<bool(const RiffChunk&)>& visit,
                 const std::function<bool(const RiffChunk&)>& descend);

}  // namespace dsmark
