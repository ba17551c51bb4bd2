// WebP through libwebp: lossy and lossless still images (decoded straight into our buffer) and encoding.
#include <webp/decode.h>
#include <webp/encode.h>

#include <string>

#include "image/image.h"

namespace dsmark {
namespace {

Status webp_status(VP8StatusCode code) {
  switch (code) {
    case VP8_STATUS_NOT_ENOUGH_DATA: return Status::truncated("the WebP image data ends early");
    case VP8_STATUS_UNSUPPORTED_FEATURE:
      return Status::unsupported("this WebP uses a feature dsmark's decoder does not read (an animation?)");
    case VP8_STATUS_OUT_OF_MEMORY: return Status::limit("the WebP image is too large to decode here");
    default: return Status::malformed("the WebP image data is damaged");
  }
}

}  // namespace

Result<ImageInfo> webp_info(std::span<const uint8_t> file) {
  WebPBitstreamFeatures f;
  const VP8StatusCode code = WebPGetFeatures(file.data(), file.size(), &f);
  if (code != VP8_STATUS_OK) return webp_status(code);
  return ImageInfo{static_cast<uint32_t>(f.width), static_cast<uint32_t>(f.height), f.has_alpha != 0};
}

Result<DecodedImage> decode_webp(std::span<const uint8_t> file, const Limits& limits, bool keep_alpha) {
  WebPBitstreamFeatures f;
  VP8StatusCode code = WebPGetFeatures(file.data(), file.size(), &f);
  if (code != VP8_STATUS_OK) return webp_status(code);
  if (f.has_animation) {
    return Status::unsupported("dsmark does not decode the pixels of animated WebP files yet");
  }
  if (f.width <= 0 || f.height <= 0) return Status::malformed("the WebP declares an empty image");
  if (uint64_t(f.width) * uint64_t(f.height) > limits.max_pixels) {
    return pixel_limit_status(f.width, f.height, limits);
  }
  const bool alpha = keep_alpha && f.has_alpha;
  DecodedImage out;
  out.image.width = static_cast<uint32_t>(f.width);
  out.image.height = static_cast<uint32_t>(f.height);
  out.image.channels = alpha ? 4 : 3;
  out.image.pixels.resize(size_t(f.width) * f.height * out.image.channels);
  WebPDecoderConfig config;
  if (!WebPInitDecoderConfig(&config)) return Status::unsupported("the WebP decoder could not start");
  config.output.colorspace = alpha ? MODE_RGBA : MODE_RGB;
  config.output.is_external_memory = 1;
  config.output.u.RGBA.rgba = out.image.pixels.data();
  config.output.u.RGBA.stride = static_cast<int>(out.image.stride());
  config.output.u.RGBA.size = out.image.pixels.size();
  code = WebPDecode(file.data(), file.size(), &config);
  WebPFreeDecBuffer(&config.output);
  if (code != VP8_STATUS_OK) return webp_status(code);
  if (f.has_alpha && !alpha) {
    // Transparent parts: libwebp gives the colour stored under them; nothing to composite without alpha here.
    out.warnings.push_back("the WebP has transparent parts; their stored colours were used");
  }
  return out;
}

Result<std::vector<uint8_t>> encode_webp(const Image& image, int quality) {
  if (image.width > WEBP_MAX_DIMENSION || image.height > WEBP_MAX_DIMENSION) {
    return Status::unsupported("a WebP cannot hold an image wider or taller than 16383 pixels");
  }
  uint8_t* data = nullptr;
  size_t size = 0;
  const int w = static_cast<int>(image.width), h = static_cast<int>(image.height);
  const int stride = static_cast<int>(image.stride());
  const float q = static_cast<float>(quality < 1 ? 1 : (quality > 100 ? 100 : quality));
  if (image.channels == 4) {
    size = quality == 0 ? WebPEncodeLosslessRGBA(image.pixels.data(), w, h, stride, &data)
                        : WebPEncodeRGBA(image.pixels.data(), w, h, stride, q, &data);
  } else {
    size = quality == 0 ? WebPEncodeLosslessRGB(image.pixels.data(), w, h, stride, &data)
                        : WebPEncodeRGB(image.pixels.data(), w, h, stride, q, &data);
  }
  if (size == 0 || data == nullptr) {
    WebPFree(data);
    return Status::malformed("the WebP could not be written");
  }
  std::vector<uint8_t> out(data, data + size);
  WebPFree(data);
  return out;
}

}  // namespace dsmark
