// Writing metadata into freshly encoded PNG, JPEG and WebP files: what dsmark's embedders carry over from the input
// (its XMP packet — where a GB 45438 label lives —, its EXIF block with the orientation reset to 1 because the pixels
// are written upright, and PNG text chunks when the output is a PNG too). C2PA manifests are not carried: the pixels
// changed, so their hashes no longer match.
#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "container/inventory.h"
#include "dsmark/report.h"

namespace dsmark {

struct CarriedMetadata {
  std::string xmp;                                        // one XMP packet (UTF-8), or empty
  std::vector<uint8_t> exif;                              // a TIFF-structured EXIF block, or empty
  std::vector<std::pair<std::string, std::string>> text;  // PNG text entries (keyword, UTF-8 text)
  bool empty() const { return xmp.empty() && exif.empty() && text.empty(); }
};

// The metadata of an input as its walker found it: the first XMP packet that is not Extended XMP, the first EXIF
// block (orientation set to 1), and PNG text entries.
CarriedMetadata carried_metadata(const Inventory& inventory);

// `encoded` (a PNG, JPEG or WebP that dsmark's encoders just wrote) with the metadata added: PNG iTXt/eXIf chunks
// after IHDR; JPEG APP1 segments (EXIF, then XMP) after SOI/APP0; WebP EXIF/XMP chunks in the extended (VP8X) format.
// Items that the format cannot hold (a JPEG segment is at most 64 KB) are left out.
std::vector<uint8_t> with_metadata(std::vector<uint8_t> encoded, Format format, const CarriedMetadata& metadata,
                                   bool has_alpha);

}  // namespace dsmark
