#include "container/walkers.h"

#include <array>
#include <string>

#include "util/byte_reader.h"

namespace dsmark {
namespace {

struct WalkerEntry {
  Format format;
  WalkFn walk;
};

// One walker per container; formats sharing a container share a walker.
constexpr std::array kWalkers = {
    WalkerEntry{Format::kJpeg, &walk_jpeg},
    WalkerEntry{Format::kPng, &walk_png},
    WalkerEntry{Format::kWebp, &walk_webp},
    WalkerEntry{Format::kC2pa, &walk_c2pa_sidecar},
    WalkerEntry{Format::kGif, &walk_gif},
    WalkerEntry{Format::kTiff, &walk_tiff},
    WalkerEntry{Format::kMp4, &walk_bmff},
    WalkerEntry{Format::kMov, &walk_bmff},
    WalkerEntry{Format::kM4a, &walk_bmff},
    WalkerEntry{Format::kHeif, &walk_bmff},
    WalkerEntry{Format::kAvif, &walk_bmff},
    WalkerEntry{Format::kWebm, &walk_matroska},
    WalkerEntry{Format::kMkv, &walk_matroska},
    WalkerEntry{Format::kAvi, &walk_avi},
    WalkerEntry{Format::kWav, &walk_wav},
    WalkerEntry{Format::kFlv, &walk_flv},
    WalkerEntry{Format::kMp3, &walk_mp3},
    WalkerEntry{Format::kFlac, &walk_flac},
    WalkerEntry{Format::kOgg, &walk_ogg},
    WalkerEntry{Format::kOpus, &walk_ogg},
    WalkerEntry{Format::kPdf, &walk_pdf},
    WalkerEntry{Format::kDocx, &walk_ooxml},
    WalkerEntry{Format::kXlsx, &walk_ooxml},
    WalkerEntry{Format::kPptx, &walk_ooxml},
    WalkerEntry{Format::kMarkdown, &walk_markdown},
};

}  // namespace

WalkFn walker_for(Format format) {
  for (const WalkerEntry& e : kWalkers) {
    if (e.format == format) return e.walk;
  }
  return nullptr;
}

Status scan_xmp_packets(std::span<const uint8_t> file, std::string_view carrier, Inventory& inv) {
  const std::string_view all = as_chars(file);
  constexpr std::string_view kOpen = "<x:xmpmeta", kClose = "</x:xmpmeta>";
  size_t pos = 0;
  uint32_t found = 0;
  while ((pos = all.find(kOpen, pos)) != std::string_view::npos) {
    if (++found > 64) return Status::limit("too many XMP packets");
    const size_t end = all.find(kClose, pos);
    if (end == std::string_view::npos) {
      inv.warn("an XMP packet at byte " + std::to_string(pos) + " has no end");
      break;
    }
    DSMARK_RETURN_IF_ERROR(
        inv.add_xmp(std::string(carrier), std::string(all.substr(pos, end + kClose.size() - pos))));
    pos = end + kClose.size();
  }
  return Status::ok();
}

}  // namespace dsmark
