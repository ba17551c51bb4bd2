// The Stable Diffusion family's invisible watermark (`invisible-watermark`, method dwtDct; REFERENCE.md §6):
// the known payloads, and a detector that correlates soft per-block votes with each payload.
//
// Where the mark lives: the U channel of OpenCV's BGR→YUV, one-level Haar DWT (its LL band is half the size of the
// image), 4×4 blocks of LL (8×8 pixels) in row-major order; block n carries bit m[n mod L] in the largest-|v|
// coefficient other than [0][0], whose |v| mod 36 becomes 9 (bit 0) or 27 (bit 1).
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "image/image.h"

namespace dsmark {

struct Analysis;

enum class SdConvention : uint8_t {
  kUint8,  // SD 1.x/2.x scripts: uint8 BGR, OpenCV fixed-point YUV, U offset 128
  kFloat,  // SDXL/SVD (Stability sgm, diffusers) and FLUX.1: float32 BGR in [0,255], U = 0.492(B−Y) + 0.5
};
enum class SdOrder : uint8_t {
  kBgr,  // the pipeline passed BGR as the library expects
  kRgb,  // older diffusers passed RGB where BGR was expected
};

struct SdMessage {
  std::string_view name;     // "StableDiffusionV1", "SDV2", "SDXL", "FLUX.1"
  std::string_view models;   // who embeds it, in words
  std::string_view bits;     // the message as '0'/'1', first bit first (block n carries bits[n mod L])
};

// SD 1.x (136 bits), SD 2.x (32), SDXL/SVD (48), FLUX.1 (46).
const std::array<SdMessage, 4>& sd_messages();

// The 0/1 bits of a message.
std::vector<uint8_t> sd_message_bits(const SdMessage& message);

struct SdDetection {
  bool marked = false;       // p_value at or below the reporting threshold
  double z = 0;              // signed soft-correlation z-score of the best variant (negative: inverted message)
  double p_value = 1;        // P(|z| this large on an unmarked image), every variant tried counted (Bonferroni)
  int message = -1;          // index into sd_messages()
  SdConvention convention = SdConvention::kUint8;
  SdOrder order = SdOrder::kBgr;
  bool aligned = true;       // false: found by the crop search (offset and row wrap recovered)
  int offset_x = 0, offset_y = 0;          // pixel offset of the block grid (crop search)
  std::vector<uint8_t> bits;               // decoded bits (inversion undone), reference-decoder votes
  int bit_errors = 0;                      // decoded bits that differ from the message
  uint64_t blocks = 0;                     // blocks correlated
  uint64_t variants = 0;                   // tries counted in p_value
};

// Runs the detector on RGB pixels (3 channels). Images under 256×256 pixels in area (which the encoder refuses)
// give an unmarked result with p_value 1.
SdDetection detect_sd_dwtdct(const Image& rgb);

// The signal-detector entry for verify(): decodes the pixels and appends a `watermark:sd-dwtdct` mark when found.
void read_sd_dwtdct(Analysis& analysis);

}  // namespace dsmark
