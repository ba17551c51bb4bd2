// A replica of the reference encoder of the Stable Diffusion family's watermark (invisible-watermark's
// EmbedMaxDct.encode, method "dwtDct"), used to make marked test images: OpenCV's BGR↔YUV conversions (fixed-point
// for uint8, float for float32), pywt's one-level Haar DWT (rows first, then columns, with pywt's order of
// floating-point operations) of the U channel over the image cropped to a multiple of 4, the max-coefficient
// quantisation per 4×4 LL block, and the library's idwt2 call, which passes (cV, cH) where pywt expects
// (cH, cV) — so every 2×2 block of U comes back transposed.
#pragma once

#include <cstdint>
#include <vector>

#include "image/image.h"
#include "watermark/sd_dwtdct.h"

namespace dsmark::test {

enum class SdOutputRounding {
  kTruncate,  // Stability's sgm / FLUX scripts: .astype(np.uint8) after clamping
  kRound,     // diffusers' numpy_to_pil: (x * 255).round()
};

struct SdEncodeOptions {
  SdConvention convention = SdConvention::kUint8;
  SdOrder order = SdOrder::kBgr;  // kRgb: the pipeline handed RGB to the encoder (older diffusers)
  SdOutputRounding rounding = SdOutputRounding::kTruncate;  // float convention only
};

// Marks an RGB image (3 channels) with `bits` (0/1, first bit first). Images under 256×256 in area are returned
// unchanged, as the reference encoder refuses them.
Image sd_embed(const Image& rgb, const std::vector<uint8_t>& bits, const SdEncodeOptions& options);

}  // namespace dsmark::test
