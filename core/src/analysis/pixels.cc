// decoded_pixels(): decode once per verification, orientation from the EXIF block the walker found.
#include "analysis/pixels.h"

#include <string>

#include "analysis/analysis.h"

namespace dsmark {
namespace {

int orientation_of(const Analysis& a) {
  if (a.format == Format::kTiff) return orientation_for(a.file, a.limits);  // the file is itself the TIFF
  for (const Blob& b : a.inventory.blobs) {
    if (b.kind == BlobKind::kExif) return orientation_for(b.bytes, a.limits);
  }
  return 1;
}

std::string without_final_stop(std::string s) {
  if (!s.empty() && s.back() == '.') s.pop_back();
  return s;
}

}  // namespace

const Image* decoded_pixels(Analysis& a, uint64_t min_area) {
  PixelCache& cache = a.pixels;
  if (cache.tried) return cache.ok && cache.area >= min_area ? &cache.image : nullptr;
  if (!can_decode_pixels(a.format)) return nullptr;
  auto info = read_image_info(a.file, a.format);
  if (!info) return nullptr;
  if (uint64_t{info->width} * info->height < min_area) return nullptr;  // a later, smaller-minded detector may ask
  cache.tried = true;
  DecodeOptions options;
  options.orientation = orientation_of(a);
  auto decoded = decode_image(a.file, a.format, a.limits, options);
  if (!decoded) {
    a.warnings.push_back("the pixels could not be decoded (" + without_final_stop(decoded.status().message()) +
                         "); watermarks in them were not checked");
    return nullptr;
  }
  for (std::string& w : decoded->warnings) a.warnings.push_back(std::move(w));
  cache.image = std::move(decoded->image);
  cache.area = cache.image.area();
  cache.ok = true;
  return &cache.image;
}

}  // namespace dsmark
