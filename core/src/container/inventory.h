// What container walkers find: every metadata item, named by its exact carrier, with no interpretation.
// Scheme readers (GB 45438, IPTC, generators, C2PA, …) read the inventory; walkers never decide claims.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "dsmark/limits.h"
#include "dsmark/report.h"
#include "dsmark/status.h"

namespace dsmark {

// An XMP packet (UTF-8 XML text) found in `carrier`, e.g. "jpeg:APP1:xmp" or "png:iTXt:XML:com.adobe.xmp".
struct XmpPacket {
  std::string carrier;
  std::string xml;
};

// A key/value text item (PNG text chunks, Vorbis comments, ID3 TXXX, MP4 keys, …); values are UTF-8.
struct TextEntry {
  std::string carrier;  // includes the key, e.g. "png:tEXt:AIGC"
  std::string key;
  std::string value;
};

enum class BlobKind {
  kExif,      // a TIFF-structured EXIF block ("II*\0" / "MM\0*" first)
  kC2pa,      // a C2PA manifest store (JUMBF)
  kJpegApp11, // one raw JPEG APP11 segment payload (JUMBF fragments, reassembled by the C2PA reader)
};

struct Blob {
  BlobKind kind;
  std::string carrier;
  std::vector<uint8_t> bytes;
};

// One top-level structural unit of the file, in file order: a JPEG segment (with its entropy-coded data for SOS),
// a PNG chunk, a RIFF chunk, an ISO-BMFF box, a GIF block, … C2PA box hashes (c2pa.hash.boxes) and BMFF hashes
// name and hash these ranges; walkers record them as they pass.
struct LayoutUnit {
  std::string name;     // the format's own name for it: marker name ("APP11"), chunk type ("caBX"), box type
  uint64_t offset = 0;  // first byte in the file
  uint64_t length = 0;  // bytes, header included
};

class Inventory {
 public:
  explicit Inventory(const Limits& limits) : limits_(limits) {}

  const Limits& limits() const { return limits_; }

  // Each add_* counts the bytes it keeps against Limits::max_metadata_bytes and refuses past it.
  Status add_xmp(std::string carrier, std::string xml);
  Status add_text(std::string carrier, std::string key, std::string value);
  Status add_blob(BlobKind kind, std::string carrier, std::vector<uint8_t> bytes);
  void warn(std::string message) { warnings.push_back(std::move(message)); }
  void add_layout(std::string name, uint64_t offset, uint64_t length) {
    layout.push_back({std::move(name), offset, length});
  }

  std::vector<XmpPacket> xmp;
  std::vector<TextEntry> text;
  std::vector<Blob> blobs;
  std::vector<LayoutUnit> layout;
  std::vector<std::string> warnings;

 private:
  Status charge(size_t n);

  Limits limits_;
  uint64_t kept_bytes_ = 0;
};

// A container walker: reads `file`, fills `inventory`, and returns a non-ok Status when it had to stop early
// (whatever it found before stopping stays in the inventory).
using WalkFn = Status (*)(std::span<const uint8_t> file, Inventory& inventory);

}  // namespace dsmark
