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

const Image* decoded_pixels(Analysis& a) {
  PixelCache& cache = a.pixels;
  if (cache.tried) return cache.ok ? &cache.image : nullptr;
  cache.tried = true;
  if (!can_decode_pixels(a.format)) return nullptr;
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
  cache.ok = true;
  return &cache.image;
}

}  // namespace dsmark
