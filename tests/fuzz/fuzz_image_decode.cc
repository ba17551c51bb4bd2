// Fuzz target: the pixel decoders (JPEG, PNG, WebP, GIF, TIFF) on any bytes, with a tight pixel limit, and the
// watermark detectors on whatever decodes.
#include "format/sniff.h"
#include "fuzz_walker.h"
#include "image/image.h"
#include "watermark/dsmark_image.h"
#include "watermark/sd_dwtdct.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  dsmark::Limits limits = dsmark::fuzz::tight_limits();
  limits.max_pixels = 1u << 20;
  const std::span<const uint8_t> bytes(data, size);
  const dsmark::Format format = dsmark::sniff_format(bytes);
  (void)dsmark::read_image_info(bytes, format);
  dsmark::DecodeOptions options;
  options.keep_alpha = size % 2 == 1;
  options.orientation = static_cast<int>(size % 8) + 1;
  auto decoded = dsmark::decode_image(bytes, format, limits, options);
  if (!decoded) return 0;
  const dsmark::Image& img = decoded->image;
  if (img.pixels.size() != img.stride() * img.height) __builtin_trap();
  if (img.channels == 3 && img.area() <= 640u * 480u) {
    (void)dsmark::detect_sd_dwtdct(img);
    (void)dsmark::detect_dsmark_image(img);
  }
  return 0;
}
