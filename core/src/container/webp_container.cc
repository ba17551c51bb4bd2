// WebP: RIFF chunks VP8X, EXIF, XMP, C2PA (WebP container spec).
#include <algorithm>

#include "container/riff_chunks.h"
#include "container/walkers.h"

namespace dsmark {

Status walk_webp(std::span<const uint8_t> file, Inventory& inv) {
  Status stop = Status::ok();
  if (file.size() >= 12) inv.add_layout("RIFF", 0, 12);  // the layout: the RIFF header, then each top-level chunk
  Status st = walk_riff(file, "WEBP", inv.limits(), [&](const RiffChunk& c) {
    if (c.depth == 0) {
      const uint64_t body = c.data.size() + (c.list_type.empty() ? 0 : 4);
      inv.add_layout(std::string(c.id), c.offset, std::min<uint64_t>(8 + body + (body & 1), file.size() - c.offset));
    }
    Status added = Status::ok();
    if (c.id == "XMP ") {
      added = inv.add_xmp("webp:XMP", std::string(as_chars(c.data)));
    } else if (c.id == "EXIF") {
      Bytes tiff = c.data;
      if (as_chars(tiff.first(std::min<size_t>(6, tiff.size()))) == std::string_view("Exif\0\0", 6)) {
        tiff = tiff.subspan(6);  // some writers keep the JPEG-style prefix
      }
      added = inv.add_blob(BlobKind::kExif, "webp:EXIF", std::vector<uint8_t>(tiff.begin(), tiff.end()));
    } else if (c.id == "C2PA") {
      added = inv.add_blob(BlobKind::kC2pa, "webp:C2PA", std::vector<uint8_t>(c.data.begin(), c.data.end()));
    }
    if (!added.is_ok()) {
      if (added.code() == StatusCode::kLimit) {
        stop = added;
        return false;
      }
      inv.warn(added.message());
    }
    return true;
  });
  DSMARK_RETURN_IF_ERROR(stop);
  return st;
}

}  // namespace dsmark
