// Shared body of the container-walker fuzz targets: walk with tight limits, then touch what was found.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

#include "container/walkers.h"

namespace dsmark::fuzz {

inline Limits tight_limits() {
  Limits l;
  l.max_boxes = 4096;
  l.max_inflated_bytes = 1u << 20;
  l.max_metadata_bytes = 4u << 20;
  l.max_box_depth = 16;
  l.max_pixels = 1u << 22;  // decoding images in the whole-pipeline target stays quick
  l.max_audio_samples = 48000 * 20;  // 20 s of decoded sound per channel
  l.max_audio_lead_seconds = 5;      // silence before a late sound track (MP4 empty edits)
  return l;
}

// Reading every byte kept makes the sanitizers check it (a sink the optimiser cannot drop).
inline void touch(std::string_view s) {
  static volatile unsigned char sink = 0;
  for (char c : s) sink = sink ^ static_cast<unsigned char>(c);
}

inline int walk(WalkFn fn, const uint8_t* data, size_t size) {
  Inventory inv(tight_limits());
  (void)fn({data, size}, inv);
  for (const auto& x : inv.xmp) touch(x.xml);
  for (const auto& t : inv.text) touch(t.value);
  for (const auto& b : inv.blobs) touch({reinterpret_cast<const char*>(b.bytes.data()), b.bytes.size()});
  return 0;
}

}  // namespace dsmark::fuzz
