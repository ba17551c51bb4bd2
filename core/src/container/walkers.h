// Container walkers, one per container family, chosen by the sniffed format.
#pragma once

#include "container/inventory.h"
#include "dsmark/report.h"

namespace dsmark {

Status walk_jpeg(std::span<const uint8_t> file, Inventory& inventory);
Status walk_png(std::span<const uint8_t> file, Inventory& inventory);
Status walk_webp(std::span<const uint8_t> file, Inventory& inventory);
Status walk_c2pa_sidecar(std::span<const uint8_t> file, Inventory& inventory);
Status walk_gif(std::span<const uint8_t> file, Inventory& inventory);
Status walk_tiff(std::span<const uint8_t> file, Inventory& inventory);
Status walk_bmff(std::span<const uint8_t> file, Inventory& inventory);       // MP4, MOV, M4A, HEIF, AVIF
Status walk_matroska(std::span<const uint8_t> file, Inventory& inventory);   // MKV, WebM
Status walk_avi(std::span<const uint8_t> file, Inventory& inventory);
Status walk_wav(std::span<const uint8_t> file, Inventory& inventory);
Status walk_flv(std::span<const uint8_t> file, Inventory& inventory);
Status walk_mp3(std::span<const uint8_t> file, Inventory& inventory);
Status walk_flac(std::span<const uint8_t> file, Inventory& inventory);
Status walk_ogg(std::span<const uint8_t> file, Inventory& inventory);       // Ogg Vorbis, Opus, FLAC, Speex, Theora
Status walk_pdf(std::span<const uint8_t> file, Inventory& inventory);
Status walk_ooxml(std::span<const uint8_t> file, Inventory& inventory);     // docx, xlsx, pptx
Status walk_markdown(std::span<const uint8_t> file, Inventory& inventory);  // YAML front matter
// Any format: XMP packets found by scanning for `<x:xmpmeta` (a fallback for unknown files).
Status scan_xmp_packets(std::span<const uint8_t> file, std::string_view carrier, Inventory& inventory);

// The walker for a format, or nullptr when dsmark has none yet.
WalkFn walker_for(Format format);

}  // namespace dsmark
