// Pixel decoding and encoding: JPEG (libjpeg-turbo), PNG (libpng), WebP (libwebp), GIF (giflib, first frame)
// and baseline TIFF strips, to 8-bit RGB or RGBA with the EXIF orientation applied. Every decoder checks the
// declared size against Limits::max_pixels before it allocates, and reports truncated or corrupt data as a
// Status (or, when the library could still produce every row, as a warning beside the pixels).
// Used by the watermark detectors and embedders, and by anything else that needs pixels (explicit labels).
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "dsmark/limits.h"
#include "dsmark/report.h"
#include "dsmark/status.h"

namespace dsmark {

// 8-bit pixels, row-major, rows packed (stride = width * channels): RGB (3 channels) or RGBA (4).
struct Image {
  uint32_t width = 0;
  uint32_t height = 0;
  uint32_t channels = 3;
  std::vector<uint8_t> pixels;

  uint64_t area() const { return uint64_t{width} * height; }
  size_t stride() const { return size_t{width} * channels; }
  uint8_t* row(uint32_t y) { return pixels.data() + y * stride(); }
  const uint8_t* row(uint32_t y) const { return pixels.data() + y * stride(); }
};

struct ImageInfo {
  uint32_t width = 0;   // as stored (before orientation)
  uint32_t height = 0;
  bool has_alpha = false;
};

struct DecodeOptions {
  // EXIF orientation 1–8 to apply after decoding (see orientation_for); 1 leaves the pixels as stored.
  int orientation = 1;
  // Keep an alpha channel when the file has one (4 channels); otherwise alpha is dropped (3 channels).
  bool keep_alpha = false;
};

struct DecodedImage {
  Image image;
  // Things the decoder noticed that did not stop it, in plain words (e.g. "the image data ends early; the rest
  // was filled in grey").
  std::vector<std::string> warnings;
};

// True for the formats decode_image reads.
bool can_decode_pixels(Format format);

// The stored dimensions (no pixels decoded), checked against nothing but the format's own rules.
Result<ImageInfo> read_image_info(std::span<const uint8_t> file, Format format);

// Decodes the whole image (the first frame of an animation). Refuses with StatusCode::kLimit, before allocating,
// an image whose width × height is above limits.max_pixels.
Result<DecodedImage> decode_image(std::span<const uint8_t> file, Format format, const Limits& limits,
                                  const DecodeOptions& options = {});

// The EXIF orientation (1–8) of a TIFF-structured EXIF block; 1 when absent or invalid.
int orientation_for(std::span<const uint8_t> exif_tiff, const Limits& limits);

// Rotates/flips `image` so that an image stored with EXIF `orientation` is shown upright (EXIF 2.32 §4.6.4).
void apply_orientation(Image& image, int orientation);

// Encoders for marked images. `quality` 1–100 for JPEG and lossy WebP; 0 asks for lossless WebP. PNG ignores it.
Result<std::vector<uint8_t>> encode_png(const Image& image);
Result<std::vector<uint8_t>> encode_jpeg(const Image& image, int quality);
Result<std::vector<uint8_t>> encode_webp(const Image& image, int quality);

// The decoders, one per format (decode_image dispatches to them); each returns the image as stored.
Result<DecodedImage> decode_jpeg(std::span<const uint8_t> file, const Limits& limits, bool keep_alpha);
Result<DecodedImage> decode_png(std::span<const uint8_t> file, const Limits& limits, bool keep_alpha);
Result<DecodedImage> decode_webp(std::span<const uint8_t> file, const Limits& limits, bool keep_alpha);
Result<DecodedImage> decode_gif(std::span<const uint8_t> file, const Limits& limits, bool keep_alpha);
Result<DecodedImage> decode_tiff(std::span<const uint8_t> file, const Limits& limits, bool keep_alpha);
Result<ImageInfo> jpeg_info(std::span<const uint8_t> file);
Result<ImageInfo> png_info(std::span<const uint8_t> file);
Result<ImageInfo> webp_info(std::span<const uint8_t> file);
Result<ImageInfo> gif_info(std::span<const uint8_t> file);
Result<ImageInfo> tiff_info(std::span<const uint8_t> file);

// The plain-words refusal for an image above the pixel limit (shared by the decoders).
Status pixel_limit_status(uint64_t width, uint64_t height, const Limits& limits);

}  // namespace dsmark
