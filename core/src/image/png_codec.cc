// PNG through libpng's simplified API (png_image): every bit depth, palette, grey and tRNS converted to 8-bit
// RGB(A); an APNG gives its default image. libpng handles its own errors (setjmp inside) and reports them in
// png_image.message.
#include <png.h>

#include <cstring>
#include <string>

#include "image/image.h"

namespace dsmark {
namespace {

Status png_status(const png_image& img) {
  const std::string why = img.message;
  if (why.find("end of") != std::string::npos || why.find("Not enough") != std::string::npos ||
      why.find("Read Error") != std::string::npos || why.find("truncated") != std::string::npos) {
    return Status::truncated("the PNG image data ends early");
  }
  if (why.empty()) return Status::malformed("the PNG image data is damaged");
  return Status::malformed("the PNG image data is damaged (" + why + ")");
}

bool begin(png_image& img, std::span<const uint8_t> file) {
  std::memset(&img, 0, sizeof img);
  img.version = PNG_IMAGE_VERSION;
  return png_image_begin_read_from_memory(&img, file.data(), file.size()) != 0;
}

// The size and alpha of a PNG from its IHDR chunk, read directly (no libpng state to set up).
Result<ImageInfo> read_ihdr(std::span<const uint8_t> file) {
  static constexpr uint8_t kSig[8] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};
  if (file.size() < 33) return Status::truncated("the PNG ends before its header");
  if (std::memcmp(file.data(), kSig, 8) != 0 || std::memcmp(file.data() + 12, "IHDR", 4) != 0) {
    return Status::malformed("the PNG does not start with its IHDR header");
  }
  auto u32 = [&](size_t at) {
    return uint32_t{file[at]} << 24 | uint32_t{file[at + 1]} << 16 | uint32_t{file[at + 2]} << 8 | file[at + 3];
  };
  const uint8_t colour = file[25];
  ImageInfo info{u32(16), u32(20), colour == 4 || colour == 6};
  if (info.width == 0 || info.height == 0) return Status::malformed("the PNG header declares an empty image");
  return info;
}

}  // namespace

Result<ImageInfo> png_info(std::span<const uint8_t> file) { return read_ihdr(file); }

Result<DecodedImage> decode_png(std::span<const uint8_t> file, const Limits& limits, bool keep_alpha) {
  // The declared size is checked before libpng sees the file (libpng would refuse some sizes itself, with its
  // own words and only on some architectures).
  auto header = read_ihdr(file);
  if (header.is_ok() && uint64_t{header->width} * header->height > limits.max_pixels) {
    return pixel_limit_status(header->width, header->height, limits);
  }
  png_image img;
  if (!begin(img, file)) {
    Status st = png_status(img);
    png_image_free(&img);
    return st;
  }
  if (uint64_t{img.width} * img.height > limits.max_pixels) {
    Status st = pixel_limit_status(img.width, img.height, limits);
    png_image_free(&img);
    return st;
  }
  const bool alpha = keep_alpha && (img.format & PNG_FORMAT_FLAG_ALPHA) != 0;
  img.format = alpha ? PNG_FORMAT_RGBA : PNG_FORMAT_RGB;
  DecodedImage out;
  out.image.width = img.width;
  out.image.height = img.height;
  out.image.channels = alpha ? 4 : 3;
  out.image.pixels.resize(PNG_IMAGE_SIZE(img));
  // Without alpha, transparent pixels are composited over white (what a viewer on a white page shows).
  png_color white{255, 255, 255};
  if (png_image_finish_read(&img, alpha ? nullptr : &white, out.image.pixels.data(), 0, nullptr) == 0) {
    Status st = png_status(img);
    png_image_free(&img);
    return st;
  }
  if (img.warning_or_error & PNG_IMAGE_WARNING) out.warnings.push_back(std::string("PNG: ") + img.message);
  png_image_free(&img);
  return out;
}

Result<std::vector<uint8_t>> encode_png(const Image& image) {
  png_image img;
  std::memset(&img, 0, sizeof img);
  img.version = PNG_IMAGE_VERSION;
  img.width = image.width;
  img.height = image.height;
  img.format = image.channels == 4 ? PNG_FORMAT_RGBA : PNG_FORMAT_RGB;
  png_alloc_size_t size = PNG_IMAGE_PNG_SIZE_MAX(img);
  std::vector<uint8_t> out(size);
  if (!png_image_write_to_memory(&img, out.data(), &size, 0, image.pixels.data(), 0, nullptr)) {
    return Status::malformed(std::string("the PNG could not be written (") + img.message + ")");
  }
  out.resize(size);
  return out;
}

}  // namespace dsmark
