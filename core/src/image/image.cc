// decode_image(): dispatch by format, then the EXIF orientation.
#include "image/image.h"

#include <string>
#include <utility>

#include "container/tiff_ifd.h"

namespace dsmark {

bool can_decode_pixels(Format format) {
  switch (format) {
    case Format::kJpeg:
    case Format::kPng:
    case Format::kWebp:
    case Format::kGif:
    case Format::kTiff:
      return true;
    default:
      return false;
  }
}

Status pixel_limit_status(uint64_t width, uint64_t height, const Limits& limits) {
  return Status::limit("the image is " + std::to_string(width) + " × " + std::to_string(height) + " pixels (" +
                       std::to_string((width * height + 500000) / 1000000) +
                       " megapixels), more than the limit of " + std::to_string(limits.max_pixels) + " pixels");
}

Result<ImageInfo> read_image_info(std::span<const uint8_t> file, Format format) {
  switch (format) {
    case Format::kJpeg: return jpeg_info(file);
    case Format::kPng: return png_info(file);
    case Format::kWebp: return webp_info(file);
    case Format::kGif: return gif_info(file);
    case Format::kTiff: return tiff_info(file);
    default: return Status::unsupported("dsmark does not decode the pixels of " + std::string(format_name(format)) +
                                        " files");
  }
}

Result<DecodedImage> decode_image(std::span<const uint8_t> file, Format format, const Limits& limits,
                                  const DecodeOptions& options) {
  Result<DecodedImage> r = Status::unsupported("dsmark does not decode the pixels of " +
                                               std::string(format_name(format)) + " files");
  switch (format) {
    case Format::kJpeg: r = decode_jpeg(file, limits, options.keep_alpha); break;
    case Format::kPng: r = decode_png(file, limits, options.keep_alpha); break;
    case Format::kWebp: r = decode_webp(file, limits, options.keep_alpha); break;
    case Format::kGif: r = decode_gif(file, limits, options.keep_alpha); break;
    case Format::kTiff: r = decode_tiff(file, limits, options.keep_alpha); break;
    default: break;
  }
  if (r.is_ok() && options.orientation != 1) apply_orientation(r->image, options.orientation);
  return r;
}

int orientation_for(std::span<const uint8_t> exif_tiff, const Limits& limits) {
  return exif_orientation(exif_tiff, limits);
}

void apply_orientation(Image& image, int orientation) {
  if (orientation < 2 || orientation > 8 || image.pixels.empty()) return;
  const uint32_t w = image.width, h = image.height, ch = image.channels;
  // Orientations 5–8 swap the axes. For each output pixel (x, y), the stored pixel it shows:
  const bool swap = orientation >= 5;
  const uint32_t ow = swap ? h : w, oh = swap ? w : h;
  std::vector<uint8_t> out(size_t{ow} * oh * ch);
  for (uint32_t y = 0; y < oh; ++y) {
    uint8_t* dst = out.data() + size_t{y} * ow * ch;
    for (uint32_t x = 0; x < ow; ++x) {
      uint32_t sx = x, sy = y;
      switch (orientation) {
        case 2: sx = w - 1 - x; sy = y; break;          // mirrored horizontally
        case 3: sx = w - 1 - x; sy = h - 1 - y; break;  // rotated 180°
        case 4: sx = x; sy = h - 1 - y; break;          // mirrored vertically
        case 5: sx = y; sy = x; break;                  // transposed
        case 6: sx = y; sy = h - 1 - x; break;          // stored rotated 90° counter-clockwise: turn clockwise
        case 7: sx = w - 1 - y; sy = h - 1 - x; break;  // transverse
        case 8: sx = w - 1 - y; sy = x; break;          // stored rotated 90° clockwise: turn counter-clockwise
      }
      const uint8_t* src = image.pixels.data() + (size_t{sy} * w + sx) * ch;
      for (uint32_t c = 0; c < ch; ++c) dst[x * ch + c] = src[c];
    }
  }
  image.width = ow;
  image.height = oh;
  image.pixels = std::move(out);
}

}  // namespace dsmark
