// Container walkers, one per container family, chosen by the sniffed format.
#pragma once

#include "container/inventory.h"
#include "dsmark/report.h"

namespace dsmark {

Status walk_jpeg(std::span<const uint8_t> file, Inventory& inventory);
Status walk_png(std::span<const uint8_t> file, Inventory& inventory);
Status walk_webp(std::span<const uint8_t> file, Inventory& inventory);
Status walk_c2pa_sidecar(std::span<const uint8_t> file, Inventory& inventory);
// Any format: XMP packets found by scanning for `<x:xmpmeta` (a fallback for unknown files).
Status scan_xmp_packets(std::span<const uint8_t> file, std::string_view carrier, Inventory& inventory);

// The walker for a format, or nullptr when dsmark has none yet.
WalkFn walker_for(Format format);

}  // namespace dsmark
