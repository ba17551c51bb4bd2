// TIFF image file directories (TIFF 6.0 §2; EXIF 2.32 §4.6): the structure of TIFF/DNG files and of EXIF
// blocks (JPEG APP1, PNG eXIf, WebP EXIF, HEIF Exif items). One bounded walker serves every caller: metadata
// readers (UserComment, ImageDescription, XMP tag 700, C2PA tag 0xCD41) and the pixel decoders (Orientation).
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

#include "dsmark/limits.h"
#include "dsmark/status.h"
#include "util/byte_reader.h"

namespace dsmark {

// Which directory an entry was found in.
enum class TiffIfd : uint8_t { kImage, kExif, kGps, kInterop, kSubImage };
std::string_view tiff_ifd_name(TiffIfd ifd);  // "ifd0"/"ifd1"… are named by index; this gives the kind

struct TiffEntry {
  TiffIfd ifd = TiffIfd::kImage;
  uint32_t ifd_index = 0;   // 0 for IFD0, 1 for IFD1, …; sub-IFDs count on from their parent
  uint16_t tag = 0;
  uint16_t type = 0;        // 1 BYTE, 2 ASCII, 3 SHORT, 4 LONG, 5 RATIONAL, 7 UNDEFINED, 9 SLONG, 10 SRATIONAL, …
  uint32_t count = 0;
  uint64_t value_offset = 0;  // where `value` starts inside the TIFF block (for carriers that cite offsets)
  Bytes value;               // the value's bytes, inside the block (never past its end)
};

struct TiffDirectory {
  bool little_endian = true;
  std::vector<TiffEntry> entries;

  // The first entry with `tag` in directories of kind `ifd` (any index), or nullptr.
  const TiffEntry* find(uint16_t tag, TiffIfd ifd = TiffIfd::kImage) const;
  // Unsigned integer element `i` of a BYTE/SHORT/LONG entry; false when out of range or of another type.
  bool uint_at(const TiffEntry& e, uint32_t i, uint32_t& out) const;
};

// Walks IFD0, the IFD chain after it and the EXIF, GPS, Interoperability and SubIFD directories.
// Loops between directories, overlapping or out-of-range offsets and more than Limits::max_boxes entries are
// refused with a Status; entries read before that stay in `out`.
Status read_tiff_directory(Bytes tiff, const Limits& limits, TiffDirectory& out);

// EXIF Orientation (tag 0x0112 in IFD0), 1–8; 1 when absent or invalid.
int exif_orientation(Bytes tiff, const Limits& limits);

}  // namespace dsmark
